package io.mm2dr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The drill report's page in a real browser: headless Chromium, driven through chromedriver's
 * W3C WebDriver protocol (plain HTTP and JSON, no client library), loads the page from a file,
 * checks that every key figure is displayed (shown, of a size, inside the page, not covered by
 * anything) with the record's value, and takes a screenshot of the whole page, checked for a sane
 * size and for not being blank.
 *
 * <p>Opt-in: {@code mvn -B verify -Pbrowser} (the Debian packages {@code chromium chromium-driver};
 * other paths with {@code -Dbrowser.chromium=... -Dbrowser.chromedriver=...}). It fails, saying
 * so, when they are not installed. The page and its screenshot are left in
 * {@code target/drill-report-browser/} to look at.
 */
@Tag("browser")
class DrillReportBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int WIDTH = 1280;
    static final Path OUT = Path.of("target", "drill-report-browser");
    static Process driver;
    static String base;
    static String session;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void browser() throws Exception {
        Path chromium = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            fail("the browser test needs headless Chromium and chromedriver (" + chromium + ", " + chromedriver
                    + "): apt-get install chromium chromium-driver, or give -Dbrowser.chromium=PATH -Dbrowser.chromedriver=PATH");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(OUT);
        driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(OUT.resolve("chromedriver.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                Map<String, Object> status = call("GET", "/status", null);
                if (Boolean.TRUE.equals(map(status.get("value")).get("ready"))) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !driver.isAlive()) {
                fail("chromedriver did not start: " + Files.readString(OUT.resolve("chromedriver.log")));
            }
            Thread.sleep(100);
        }
        List<String> args = new ArrayList<>(List.of("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=" + WIDTH + ",900", "--force-device-scale-factor=1"));
        if ("root".equals(System.getProperty("user.name"))) {
            args.add("--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        Map<String, Object> created = call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                "browserName", "chrome", "goog:chromeOptions", Map.of("binary", chromium.toString(), "args", args)))));
        session = String.valueOf(map(created.get("value")).get("sessionId"));
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } finally {
            if (driver != null) {
                driver.destroy();
                driver.waitFor();
            }
        }
    }

    @Test
    void theKeyFiguresAreVisibleAndThePageIsDrawn() throws Exception {
        Path page = OUT.resolve("drill-report.html").toAbsolutePath();
        Files.writeString(page, DrillReportSample.html(), StandardCharsets.UTF_8);
        call("POST", "/session/" + session + "/url", Map.of("url", page.toUri().toString()));
        // the whole page in the window, so that the screenshot shows all of it and every figure is in view
        long height = ((Number) execute("return Math.ceil(document.documentElement.scrollHeight);")).longValue();
        assertTrue(height > 600 && height < 20_000, "page height " + height);
        call("POST", "/session/" + session + "/window/rect", Map.of("width", WIDTH, "height", height + 200));

        String check = """
                const out = {};
                for (const [name, selector] of Object.entries(arguments[0])) {
                  const e = document.querySelector(selector);
                  if (!e) { out[name] = {found: false}; continue; }
                  const r = e.getBoundingClientRect();
                  let shown = true;
                  for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
                    const s = getComputedStyle(n);
                    if (s.display === 'none' || s.visibility !== 'visible' || parseFloat(s.opacity) < 0.1) { shown = false; }
                  }
                  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                  const doc = document.documentElement;
                  out[name] = {found: true, text: e.textContent.trim().replace(/\\s+/g, ' '), width: r.width, height: r.height,
                    inside: r.left >= 0 && r.top >= 0 && r.right <= doc.scrollWidth && r.bottom <= doc.scrollHeight,
                    shown: shown, onTop: top !== null && (top === e || e.contains(top)),
                    colour: getComputedStyle(e).color, background: getComputedStyle(document.body).backgroundColor};
                }
                return out;
                """;
        Map<String, String> figures = Map.of(
                "37 records", "#fig-data-lost .value",
                "83 s", "#fig-rto .value",
                "3 / 4 partitions", "#fig-proven .value",
                "40 records", "#fig-read-twice .value",
                "30 records \u00b7 11.2 s", "#data-lost svg g.bar text.value",
                "\u2717 missing record at position 3", "#restore-proof tr.mismatch .bad",
                "region lost", "#timeline svg g.event text.label",
                "45", "#recovery tr.step td.n");
        Map<String, Object> seen = map(execute(check, figures));
        List<String> problems = new ArrayList<>();
        figures.forEach((text, selector) -> {
            Map<String, Object> s = map(seen.get(text));
            if (!Boolean.TRUE.equals(s.get("found"))) {
                problems.add(selector + ": not found");
                return;
            }
            if (!text.equals(s.get("text"))) {
                problems.add(selector + ": shows '" + s.get("text") + "', expected '" + text + "'");
            }
            if (((Number) s.get("width")).doubleValue() < 5 || ((Number) s.get("height")).doubleValue() < 5) {
                problems.add(selector + ": no size " + s);
            }
            for (String flag : List.of("inside", "shown", "onTop")) {
                if (!Boolean.TRUE.equals(s.get(flag))) {
                    problems.add(selector + ": not " + flag + " " + s);
                }
            }
            if (String.valueOf(s.get("colour")).equals(s.get("background"))) {
                problems.add(selector + ": the colour of the background " + s);
            }
        });
        assertEquals(List.of(), problems, "every key figure is visible");

        Map<String, Object> shot = call("GET", "/session/" + session + "/screenshot", null);
        byte[] png = Base64.getDecoder().decode(String.valueOf(shot.get("value")));
        Files.write(OUT.resolve("drill-report.png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() >= WIDTH - 40 && image.getWidth() <= WIDTH + 40, "width " + image.getWidth());
        assertTrue(image.getHeight() >= height, "the whole page: " + image.getHeight() + " of " + height);
        Set<Integer> colours = new HashSet<>();
        long notBackground = 0;
        int background = image.getRGB(2, 2);
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb & 0xffffff);
                notBackground += rgb != background ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 200, "a drawn page has many colours (text, bars, the timeline): " + colours.size());
        long sampled = (long) (image.getWidth() / 2) * (image.getHeight() / 2);
        assertTrue(notBackground > sampled / 5, "not blank: " + notBackground + " of " + sampled + " pixels drawn");
        // the loss's red and the proof's green are on the page
        assertTrue(colours.contains(0xd64545) && colours.contains(0x2e9d5b), "the figures' colours are drawn");
    }

    static Object execute(String script, Object... args) throws Exception {
        return call("POST", "/session/" + session + "/execute/sync", Map.of("script", script, "args", List.of(args))).get("value");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "a mapping expected: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).header("Content-Type", "application/json");
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> m = JSON.readValue(r.body(), Map.class);
        if (r.statusCode() != 200) {
            fail("WebDriver " + method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return m;
    }
}

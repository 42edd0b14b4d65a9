package io.mm2dr.sandbox.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mm2dr.cli.RunnerHarness;
import io.mm2dr.cli.RunnerHarness.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the drill's playbooks against a sandbox in a folder of its own, and looks at it from the
 * outside: its processes (pid files whose process is alive), its status, its secrets. Every
 * output is kept so a test can scan it for secret values at the end.
 */
public final class SandboxRuns {
    private final Path root;
    private final StringBuilder outputs = new StringBuilder();

    public SandboxRuns(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Runs a playbook (under playbooks/ unless a path) against this sandbox. */
    public Run play(String playbook, String... args) {
        List<String> all = new ArrayList<>(List.of("--sandbox", root.toString()));
        all.addAll(List.of(args));
        all.add(playbook.contains("/") ? playbook : "playbooks/" + playbook);
        Run r = RunnerHarness.run(all.toArray(String[]::new));
        outputs.append(r.all()).append('\n').append(r.report()).append('\n').append(r.junit()).append('\n');
        return r;
    }

    public Run sandbox(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--sandbox", root.toString()));
        Run r = RunnerHarness.sandbox(all.toArray(String[]::new));
        outputs.append(r.all()).append('\n');
        return r;
    }

    /**
     * A stage as CI runs it: check mode (exit 0, no process started or stopped), the real run
     * (exit 0), then again (exit 0, nothing changed). Returns the real run.
     */
    public Run stage(String playbook, String... args) {
        Set<String> before = processes();
        boolean existed = Files.isDirectory(root);
        List<String> checkArgs = new ArrayList<>(List.of(args));
        checkArgs.add("--check");
        Run check = play(playbook, checkArgs.toArray(String[]::new));
        assertEquals(0, check.exitCode(), () -> playbook + " in check mode failed:\n" + check.all());
        assertEquals(before, processes(), playbook + ": check mode started or stopped a process");
        if (!existed) {
            assertFalse(Files.exists(root), playbook + ": check mode created the sandbox folder");
        }
        Run real = play(playbook, args);
        assertEquals(0, real.exitCode(), () -> playbook + " failed:\n" + real.all());
        Run again = play(playbook, args);
        assertEquals(0, again.exitCode(), () -> playbook + " failed the second time:\n" + again.all());
        assertEquals(0, again.changed(), () -> playbook + ": the second run changed something:\n" + again.all());
        return real;
    }

    /**
     * A stage run out of order: exit 2, with one sentence saying it cannot run now and naming the
     * stage to run first; no process started or stopped and the drill record as it was.
     */
    public Run refused(String playbook, String runFirst) {
        Set<String> before = processes();
        Path record = root.resolve("drill-record.json");
        String recordBefore = readOrNull(record);
        Run r = play(playbook);
        assertEquals(2, r.exitCode(), () -> playbook + " must be refused (" + runFirst + " first):\n" + r.all());
        List<String> why = r.out().lines().filter(l -> l.contains("cannot run now")).toList();
        assertEquals(1, why.size(), () -> "one sentence: " + r.all());
        org.junit.jupiter.api.Assertions.assertTrue(why.get(0).contains(playbook.replace("playbooks/", "") + " cannot run now: ")
                && why.get(0).matches(".*; run " + java.util.regex.Pattern.quote(runFirst) + " (again )?first.*"), why.get(0));
        assertEquals(0, r.changed(), () -> playbook + " changed something before being refused:\n" + r.all());
        assertEquals(before, processes(), playbook + ": a refused stage started or stopped a process");
        assertEquals(recordBefore, readOrNull(record), playbook + ": a refused stage changed the drill record");
        return r;
    }

    private static String readOrNull(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live processes of the sandbox, as "region/kind/object/name:pid". */
    public Set<String> processes() {
        // the sandbox's own listing (bounded walk, retried when a file vanishes, pid files of ours only),
        // not a second one without those guards
        Set<String> out = new TreeSet<>();
        for (io.mm2dr.sandbox.SandboxProcess p : io.mm2dr.sandbox.SandboxProcess.under(root)) {
            p.handle().ifPresent(h -> out.add(root.relativize(p.pidFile()) + ":" + h.pid()));
        }
        return out;
    }

    /** {@code sandbox status --json}: object name to its row. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> status() {
        Run r = sandbox("status", "--json");
        assertEquals(0, r.exitCode(), r.all());
        try {
            Map<String, Object> m = new ObjectMapper().readValue(r.out(), Map.class);
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            for (Map<String, Object> row : (List<Map<String, Object>>) m.get("objects")) {
                out.put(row.get("region") + "/" + row.get("name"), row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every value of every secret file of the sandbox that is a password or key. */
    @SuppressWarnings("unchecked")
    public Set<String> secretValues() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> f.getParent().getFileName().toString().equals("secrets") && f.toString().endsWith(".json")).toList()) {
                Map<String, Object> secret = new ObjectMapper().readValue(p.toFile(), Map.class);
                ((Map<String, String>) secret.get("data")).forEach((k, v) -> {
                    if (k.equals("password") || k.equals("ca.key") || k.equals("ca.crt")) {
                        addWithPemLines(out, v);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> s = Files.walk(root)) {
            // the brokers' keys and certificates
            for (Path p : s.filter(f -> f.getParent().getFileName().toString().equals("tls") && Files.isRegularFile(f)).toList()) {
                addWithPemLines(out, Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A value, and for PEM text each line of its base64 body too: a key or certificate shown in part is shown. */
    private static void addWithPemLines(Set<String> out, String value) {
        out.add(value);
        if (value.contains("-----BEGIN ")) {
            value.lines().filter(l -> l.length() >= 40 && !l.startsWith("-----")).forEach(out::add);
        }
    }

    /** The cluster CA certificate (PEM) in {@code <cluster>-cluster-ca-cert} of a region, as a client reads it. */
    @SuppressWarnings("unchecked")
    public String clusterCaCertificate(String region, String cluster) {
        try {
            Map<String, Object> secret = new ObjectMapper().readValue(
                    root.resolve(region).resolve("secrets").resolve(cluster + "-cluster-ca-cert.json").toFile(), Map.class);
            return ((Map<String, String>) secret.get("data")).get("ca.crt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster's client port on loopback ({@code region/cluster}). */
    @SuppressWarnings("unchecked")
    public int clientPort(String cluster) {
        try {
            Map<String, Object> ports = new ObjectMapper().readValue(root.resolve("ports.json").toFile(), Map.class);
            return ((Number) ((Map<String, Object>) ports.get(cluster)).get("client")).intValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code openssl s_client} verifies the chain the broker at the port presents against
     * the CA certificate, for the IP address 127.0.0.1; null when openssl is not installed.
     */
    public static Boolean opensslVerifies(int port, String caPem, Path tmp) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            return null;
        }
        Path ca = Files.createTempFile(tmp, "ca", ".crt");
        Files.writeString(ca, caPem);
        Process p = new ProcessBuilder("/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile", ca.toString(),
                "-verify_return_error", "-verify_ip", "127.0.0.1").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        boolean done = p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return done && p.exitValue() == 0 && out.contains("Verify return code: 0 (ok)");
    }

    public String outputs() {
        return outputs.toString();
    }
}

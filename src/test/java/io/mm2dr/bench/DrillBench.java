package io.mm2dr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drill benchmark: the five stages of the drill on a fresh local sandbox, run as a user or a CI
 * pipeline runs them ({@code java -jar runner.jar --sandbox DIR playbooks/STAGE.yaml}), one right
 * after the other; per stage its wall time, then the drill's own figures: how long initial-setup
 * waited for the backup to protect the estate, and the recovery time from the drill record (from
 * the start of recreation to the applications resumed). With {@code --runs N} the whole drill is
 * repeated N times, each on a fresh sandbox, and the green runs are counted. Aims on 2 cores: the
 * recovery under 30 s, every run green. Prints figures; asserts nothing. Each sandbox is torn down.
 *
 * <pre>mvn -q -B package -DskipTests exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mm2dr.bench.DrillBench [-Dexec.args='--jar target/runner.jar --settle SECONDS --runs N']</pre>
 *
 * {@code --settle} (default 0: back to back) is the time the estate runs between initial-setup and
 * the loss; it is not counted in the drill.
 */
public final class DrillBench {
    private static final List<String> STAGES = List.of("initial-setup", "region-loss", "recreate-from-backup", "resume-applications",
            "setup-new-backup");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/runner.jar");
        int settle = 0;
        int runs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--settle" -> settle = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: DrillBench [--jar FILE] [--settle SECONDS] [--runs N]");
            }
        }
        Path work = Files.createTempDirectory("runner-drill-bench");
        System.out.println("drill benchmark on the local sandbox (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "), " + runs + " run(s), stages back to back"
                + (settle > 0 ? " (" + settle + " s before the loss)" : "") + "; outputs in " + work);
        System.out.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-4s", "run"));
        for (String s : STAGES) {
            header.append(String.format(Locale.ROOT, " %21s", s + " (s)"));
        }
        header.append(String.format(Locale.ROOT, " %14s %13s %12s  %s", "protected (s)", "recovery (s)", "read twice", "result"));
        System.out.println(header);
        int green = 0;
        List<Double> recoveries = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path dir = work.resolve("run-" + run);
            Path sandbox = dir.resolve("sandbox");
            Files.createDirectories(dir);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-4d", run));
            String result = "green";
            Object protectedAfter = null;
            try {
                for (String stage : STAGES) {
                    if (stage.equals("region-loss") && settle > 0) {
                        Thread.sleep(settle * 1000L);
                    }
                    long start = System.nanoTime();
                    Path report = dir.resolve(stage + ".json");
                    int rc = run(jar, sandbox, dir.resolve(stage + ".out"), "--report-json", report.toString(), "playbooks/" + stage + ".yaml");
                    line.append(String.format(Locale.ROOT, " %21.1f", (System.nanoTime() - start) / 1e9));
                    if (stage.equals("initial-setup")) {
                        protectedAfter = taskResult(report, "The backup protects the estate").get("seconds_waited");
                    }
                    if (rc != 0) {
                        result = stage + " exited " + rc + " (see " + dir.resolve(stage + ".out") + ")";
                        break;
                    }
                }
                Map<String, Object> figures = drillFigures(sandbox.resolve("drill-record.json"), dir.resolve("report.json"), jar, sandbox);
                Object recovery = figures.get("recovery_seconds");
                if (recovery instanceof Number n && result.equals("green")) {
                    recoveries.add(n.doubleValue());
                }
                line.append(String.format(Locale.ROOT, " %14s %13s %12s  %s", protectedAfter, recovery, figures.get("records_read_twice"), result));
            } finally {
                run(jar, sandbox, dir.resolve("down.out"), "sandbox", "down");
            }
            if (result.equals("green")) {
                green++;
            }
            System.out.println(line);
        }
        System.out.println();
        recoveries.sort(null);
        System.out.println("green runs: " + green + "/" + runs + (recoveries.isEmpty() ? ""
                : "; recovery (s): min " + recoveries.get(0) + ", median " + recoveries.get(recoveries.size() / 2)
                + ", max " + recoveries.get(recoveries.size() - 1)) + "; aims: every run green, recovery < 30 s");
    }

    /** The drill report's data (recovery time, records read twice), through the runner's own drill_report. */
    private static Map<String, Object> drillFigures(Path record, Path report, Path jar, Path sandbox) throws Exception {
        if (!Files.exists(record)) {
            return Map.of();
        }
        Path playbook = report.resolveSibling("drill-report.yaml");
        Files.writeString(playbook, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: report
                      drill_report: {action: report, record: "%s"}
                """.formatted(record));
        run(jar, sandbox, report.resolveSibling("drill-report.out"), "--report-json", report.toString(), playbook.toString());
        return taskResult(report, "report");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> taskResult(Path report, String namePrefix) throws Exception {
        if (!Files.exists(report)) {
            return Map.of();
        }
        Map<String, Object> found = new LinkedHashMap<>();
        Map<String, Object> root = JSON.readValue(report.toFile(), Map.class);
        for (Object p : (List<Object>) root.getOrDefault("plays", List.of())) {
            for (Object t : (List<Object>) ((Map<String, Object>) p).getOrDefault("tasks", List.of())) {
                Map<String, Object> task = (Map<String, Object>) t;
                if (String.valueOf(task.get("name")).startsWith(namePrefix)) {
                    Object host = ((Map<String, Object>) task.get("hosts")).get("localhost");
                    if (host instanceof Map<?, ?> h && h.get("result") instanceof Map<?, ?> r) {
                        found = (Map<String, Object>) r;
                    }
                }
            }
        }
        return found;
    }

    private static int run(Path jar, Path sandbox, Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        if (args[0].equals("sandbox")) {
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--sandbox", sandbox.toString()));
        } else {
            cmd.addAll(List.of("--sandbox", sandbox.toString()));
            cmd.addAll(List.of(args));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(new File("/dev/null")).start().waitFor();
    }
}

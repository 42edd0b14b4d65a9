package io.mm2dr.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drill benchmark: the wall time of each stage of the drill on a fresh local sandbox, run as a
 * user runs it ({@code java -jar runner.jar --sandbox DIR playbooks/STAGE.yaml}), then of the whole
 * drill; and the time of a second run of initial-setup (nothing to do). Aims on 2 cores:
 * initial-setup under 60 s, the whole drill under 4 minutes. Prints figures; asserts nothing.
 * The sandbox is torn down at the end.
 *
 * <pre>java -cp target/runner.jar io.mm2dr.bench.DrillBench [--jar target/runner.jar] [--settle SECONDS]</pre>
 *
 * {@code --settle} (default 15) is the time the estate runs between initial-setup and the loss, so
 * that there is traffic and MirrorMaker 2 checkpoints to restore; it is not counted in the drill.
 */
public final class DrillBench {
    private static final List<String> STAGES = List.of("initial-setup", "region-loss", "recreate-from-backup", "resume-applications",
            "setup-new-backup");

    private DrillBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/runner.jar");
        int settle = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--settle" -> settle = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: DrillBench [--jar FILE] [--settle SECONDS]");
            }
        }
        Path sandbox = Files.createTempDirectory("runner-drill-bench").resolve("sandbox");
        Path logs = sandbox.getParent();
        System.out.println("drill benchmark on the local sandbox (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "), sandbox " + sandbox);
        System.out.println();
        System.out.printf("%-24s %10s  %s%n", "stage", "wall (s)", "exit");
        double total = 0;
        try {
            for (String stage : STAGES) {
                if (stage.equals("region-loss")) {
                    Thread.sleep(settle * 1000L);
                }
                long start = System.nanoTime();
                int rc = run(jar, sandbox, logs.resolve(stage + ".out"), "playbooks/" + stage + ".yaml");
                double s = (System.nanoTime() - start) / 1e9;
                total += s;
                System.out.printf("%-24s %10.1f  %d%n", stage, s, rc);
                if (rc != 0) {
                    System.out.println("stopped: " + stage + " failed, see " + logs.resolve(stage + ".out"));
                    return;
                }
            }
            System.out.printf("%-24s %10.1f%n", "whole drill", total);
            long start = System.nanoTime();
            int rc = run(jar, sandbox, logs.resolve("initial-setup-again.out"), "playbooks/initial-setup.yaml");
            System.out.printf("%-24s %10.1f  %d%n", "initial-setup (again)", (System.nanoTime() - start) / 1e9, rc);
            System.out.println();
            System.out.println("aims: initial-setup < 60 s, whole drill < 240 s; outputs in " + logs);
        } finally {
            run(jar, sandbox, logs.resolve("down.out"), "sandbox", "down");
        }
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

package io.mm2dr.bench;

import io.mm2dr.cli.PlaybookCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Engine benchmark: start-up time of {@code java -jar runner.jar} and the per-task overhead of
 * generated playbooks (set_fact with an expression, debug with templating, a loop, include_tasks
 * of a 3-task file) at 50, 200 and 1000 tasks. Prints figures; asserts nothing.
 *
 * <pre>mvn -q -B package -DskipTests exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mm2dr.bench.Bench [-Dexec.args='--jar target/runner.jar --rounds 5']</pre>
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/runner.jar");
        int rounds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: Bench [--jar FILE] [--rounds N]");
            }
        }
        Path dir = Files.createTempDirectory("runner-bench");
        System.out.println("runner engine benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ")");
        System.out.println();

        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "- hosts: localhost\n  tasks:\n    - debug: {msg: started}\n");
        if (Files.exists(jar)) {
            List<Double> startups = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                startups.add(wallSeconds(List.of("java", "-jar", jar.toString(), empty.toString())));
            }
            System.out.printf(Locale.ROOT, "start-up (java -jar, one debug task): median %.3f s, min %.3f s over %d runs%n",
                    median(startups), Collections.min(startups), rounds);
            System.out.println();
        } else {
            System.out.println("(no " + jar + ": build it with 'mvn -q -B package -DskipTests' to measure start-up)");
        }

        System.out.printf("%-34s %8s %12s %12s %14s%n", "playbook", "tasks", "cold ms", "warm ms", "per task ms");
        for (int n : new int[] {50, 200, 1000}) {
            measure(dir, "set_fact with an expression", n, setFacts(n), n, rounds);
            measure(dir, "debug with templating", n, debugs(n), n, rounds);
            measure(dir, "include_tasks of a 3-task file", n, includes(dir, n / 3), (n / 3) * 4, rounds);
        }
        measure(dir, "one task looping over 1000 items", 1000, loop(1000), 1000, rounds);
        System.out.println();
        System.out.println("cold = first run of that playbook (the very first line includes class loading);"
                + " warm = median of " + rounds + " runs after " + rounds + " warm-up runs; per task = warm / tasks (loop: per item).");
        System.out.println("Reference, ansible-playbook 2.14 on this kind of machine: set_fact 38-45 ms, debug 23 ms,"
                + " loop item 2 ms, included task about 20 ms, start-up 0.52 s.");
    }

    private static void measure(Path dir, String what, int n, String playbook, int units, int rounds) throws IOException {
        Path file = dir.resolve(what.replaceAll("\\W+", "-") + "-" + n + ".yaml");
        Files.writeString(file, playbook);
        double cold = runInProcess(file);
        // warm-up: let the JIT compile this playbook's paths before timing it
        for (int i = 0; i < rounds; i++) {
            runInProcess(file);
        }
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            warm.add(runInProcess(file));
        }
        double w = median(warm);
        System.out.printf(Locale.ROOT, "%-34s %8d %12.1f %12.1f %14.4f%n", what, units, cold, w, w / units);
    }

    private static double runInProcess(Path playbook) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        long t0 = System.nanoTime();
        int code = PlaybookCommand.commandLine(new PlaybookCommand(sink, sink, false)).execute("--color", "never", playbook.toString());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (code != 0) {
            throw new IllegalStateException("benchmark playbook failed with exit code " + code + ": " + playbook);
        }
        return ms;
    }

    private static double wallSeconds(List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("start-up run failed: " + command);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String setFacts(int n) {
        StringBuilder b = new StringBuilder("- hosts: localhost\n  vars: {base: 10, topics: [LH.ORDERS, LH.DOORS]}\n  tasks:\n");
        for (int i = 0; i < n; i++) {
            b.append("    - set_fact: {v").append(i).append(": \"{{ base * ").append(i)
                    .append(" + (topics | length) }}\"}\n");
        }
        return b.toString();
    }

    private static String debugs(int n) {
        StringBuilder b = new StringBuilder("- hosts: localhost\n  vars: {cluster: na-eventstreams, topics: [LH.ORDERS, LH.DOORS]}\n  tasks:\n");
        for (int i = 0; i < n; i++) {
            b.append("    - debug: {msg: \"{{ cluster }} has {{ topics | join(', ') }} ").append(i).append("\"}\n");
        }
        return b.toString();
    }

    private static String loop(int items) {
        return "- hosts: localhost\n  tasks:\n    - debug: {msg: \"item {{ item }}\"}\n      loop: \"{{ range(0, " + items + ") | list }}\"\n";
    }

    private static String includes(Path dir, int count) throws IOException {
        Path tasks = dir.resolve("three-tasks.yaml");
        Files.writeString(tasks, "- set_fact: {a: \"{{ n }}\"}\n- debug: {msg: \"{{ a }}\"}\n- set_fact: {b: \"{{ a | int + 1 }}\"}\n");
        StringBuilder b = new StringBuilder("- hosts: localhost\n  tasks:\n");
        for (int i = 0; i < count; i++) {
            b.append("    - include_tasks: ").append(tasks).append("\n      vars: {n: ").append(i).append("}\n");
        }
        return b.toString();
    }
}

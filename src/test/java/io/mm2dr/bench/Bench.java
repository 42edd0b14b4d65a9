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
 * Engine benchmark: start-up time of {@code java -jar runner.jar} (a one-task playbook) and the
 * end-to-end time of 200 {@code set_fact} tasks, each next to ansible-playbook's when it is on the
 * PATH, then the per-task overhead of generated playbooks (set_fact with an expression, debug with templating, a loop, include_tasks
 * of a 3-task file) at 50, 200 and 1000 tasks. Prints figures; asserts nothing.
 *
 * <pre>mvn -q -B package -DskipTests exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mm2dr.bench.Bench [-Dexec.args='--jar target/runner.jar --rounds 5 --startup-only']</pre>
 *
 * <p>Time it on a quiet machine: other builds running at the same time slow every figure.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target/runner.jar");
        int rounds = 10;
        boolean startupOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--startup-only" -> startupOnly = true;
                default -> throw new IllegalArgumentException("usage: Bench [--jar FILE] [--rounds N] [--startup-only]");
            }
        }
        Path dir = Files.createTempDirectory("runner-bench");
        System.out.println("runner engine benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ")");
        System.out.println();

        endToEnd(jar, dir, rounds);
        if (startupOnly) {
            return;
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
                + " loop item 2 ms, included task about 20 ms.");
    }

    /**
     * What a user waits for at the command line: {@code java -jar runner.jar} on a one-task playbook
     * (start-up) and on 200 {@code set_fact} tasks with an expression, median of {@code rounds} runs
     * each, and the same with ansible-playbook when it is on the PATH (3 runs of the 200 tasks: it
     * takes seconds), with the ratio. Runner and Ansible runs alternate, so a busy machine slows both.
     */
    private static void endToEnd(Path jar, Path dir, int rounds) throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            System.out.println("(no " + jar + ": build it with 'mvn -q -B package -DskipTests' to measure start-up)");
            System.out.println();
            return;
        }
        Path one = dir.resolve("one.yaml");
        Files.writeString(one, "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: msg=hello\n");
        Path facts = dir.resolve("set-fact-200.yaml");
        Files.writeString(facts, setFacts(200).replace("- hosts: localhost\n", "- hosts: localhost\n  gather_facts: false\n"));
        boolean ansible = onPath("ansible-playbook");
        List<String> runner = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toAbsolutePath().toString());
        // each command's runs in a block after a warm-up run that is not timed, as hyperfine does
        // (the runner's warm-up is also the first run after a build, which extracts runner.jar's
        // libraries into the cache folder): alternating them, each ansible-playbook run (a second of
        // Python reading hundreds of files) slowed the next JVM's start by 10 to 30 ms
        // and once the machine is quiet: the JVM that runs this benchmark (Maven's, with exec:java)
        // goes on compiling its own start, and Maven's build before it, for seconds on one of the
        // two cores (a fixed pause of 3 s left the first block 35 ms slower than the same runs from
        // a JVM of its own)
        settle();
        List<Double> startRunner = timed(dir, concat(runner, one), rounds);
        List<Double> startAnsible = ansible ? timed(dir, List.of("ansible-playbook", one.toString()), rounds) : List.of();
        settle();
        List<Double> factsRunner = timed(dir, concat(runner, facts), rounds);
        List<Double> factsAnsible = ansible ? timed(dir, List.of("ansible-playbook", facts.toString()), Math.min(rounds, 3)) : List.of();
        System.out.printf(Locale.ROOT, "%-44s %14s %18s %8s%n", "end to end (wall time, median)", "java -jar", "ansible-playbook", "ratio");
        row("start-up: one debug task (" + rounds + " runs)", startRunner, startAnsible);
        row("200 set_fact tasks (" + rounds + " runs, ansible 3)", factsRunner, factsAnsible);
        optionsAndBaseline(runner, jar, dir, one, rounds);
        System.out.println();
    }

    /**
     * Waits until the machine is quiet: less than 10% of its CPU time busy over a second, as
     * {@code /proc/stat} counts it (Linux), for at most 60 s, then says how busy it still was. Elsewhere
     * a pause of 3 s.
     */
    static void settle() throws IOException, InterruptedException {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            Thread.sleep(3000);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long[] before = cpuTimes(stat);
        double busy = 1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long[] after = cpuTimes(stat);
            long total = after[0] - before[0];
            busy = total == 0 ? 0 : 1 - (double) (after[1] - before[1]) / total;
            before = after;
            if (busy < 0.10) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "(the machine was still %.0f%% busy after 60 s: the figures below are slower than on a quiet one)%n", busy * 100);
    }

    /** The machine's total and idle (idle + iowait) CPU time in {@code /proc/stat}'s first line, in ticks. */
    private static long[] cpuTimes(Path stat) throws IOException {
        String[] fields = Files.readAllLines(stat).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        return new long[] {total, idle};
    }

    /** The wall times of {@code rounds} runs of a command, one after the other, after one run not timed. */
    private static List<Double> timed(Path dir, List<String> command, int rounds) throws IOException, InterruptedException {
        wallSeconds(dir, command);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            times.add(wallSeconds(dir, command));
        }
        return times;
    }

    /**
     * The same one-task start-up with the JDK's class-data archive of the runner's classes (AppCDS,
     * an option on Java 17: {@code -XX:ArchiveClassesAtExit} once, {@code -XX:SharedArchiveFile}
     * after), and the JVM's own floor on this machine ({@code java -version}), so that figures taken
     * on a slower or busier day can be compared.
     */
    private static void optionsAndBaseline(List<String> runner, Path jar, Path dir, Path one, int rounds)
            throws IOException, InterruptedException {
        String java = runner.get(0);
        Path archive = dir.resolve("runner.jsa");
        settle();
        wallSeconds(dir, List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toAbsolutePath().toString(), one.toString()));
        List<Double> cds = Files.exists(archive)
                ? timed(dir, List.of(java, "-XX:SharedArchiveFile=" + archive, "-jar", jar.toAbsolutePath().toString(), one.toString()), rounds)
                : List.of();
        List<Double> floor = timed(dir, List.of(java, "-version"), rounds);
        if (cds.isEmpty()) {
            System.out.println("start-up with -XX:SharedArchiveFile: (no archive was written)");
        } else {
            System.out.printf(Locale.ROOT, "%-44s %12.3f s%n", "start-up, -XX:SharedArchiveFile (AppCDS)", median(cds));
        }
        System.out.printf(Locale.ROOT, "%-44s %12.3f s%n", "JVM floor: java -version", median(floor));
    }

    private static void row(String what, List<Double> runner, List<Double> ansible) {
        double r = median(runner);
        if (ansible.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-44s %12.3f s %18s %8s%n", what, r, "(not on PATH)", "");
        } else {
            double a = median(ansible);
            System.out.printf(Locale.ROOT, "%-44s %12.3f s %16.3f s %7.1fx%n", what, r, a, a / r);
        }
    }

    private static List<String> concat(List<String> command, Path file) {
        List<String> all = new ArrayList<>(command);
        all.add(file.toString());
        return all;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
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

    /** Wall time of a command run in {@code dir} (a temporary folder: no ansible.cfg, the implicit localhost for both). */
    private static double wallSeconds(Path dir, List<String> command) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("ANSIBLE_CONFIG");
        pb.environment().remove("ANSIBLE_INVENTORY");
        Process p = pb.start();
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

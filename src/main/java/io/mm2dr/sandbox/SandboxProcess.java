package io.mm2dr.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One process of the sandbox (a broker, a MirrorMaker 2, a demo application): a JVM started from
 * the runner's own class path in its own session (so that it outlives the run and a Ctrl-C in the
 * terminal does not reach it), standard input from /dev/null, output appended to its log file,
 * its pid in a pid file. The process carries a marker naming its folder on its command line, so a
 * pid file never makes the sandbox stop a stranger that reused the pid.
 *
 * @param dir  the object's folder (holds {@code <name>.pid} and {@code <name>.log})
 * @param name the process's name (the object's name)
 */
public record SandboxProcess(Path dir, String name) {
    static final String MARKER = "-Dmm2dr.sandbox.process=";

    public Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    public Path logFile() {
        return dir.resolve(name + ".log");
    }

    private String marker() {
        return MARKER + dir.toAbsolutePath().normalize().resolve(name);
    }

    /** The running process, if its pid file names a live process of ours. */
    public Optional<ProcessHandle> handle() {
        String text = Sandbox.readQuietly(pidFile()).lines().findFirst().orElse("").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String marker = marker();
        return ProcessHandle.of(pid).filter(SandboxProcess::running).filter(h -> isOurs(h, marker));
    }

    /**
     * Whether the live process is ours: its command line carries our marker. A command line that
     * cannot be read (a process between fork and exec, as ours is for a moment after its start)
     * proves nothing against it: the pid file is ours, so it counts as ours.
     */
    private static boolean isOurs(ProcessHandle h, String marker) {
        Optional<String[]> args = h.info().arguments();
        if (args.isPresent() && args.get().length > 0) {
            return Arrays.asList(args.get()).contains(marker);
        }
        Optional<String> line = h.info().commandLine();
        return line.isEmpty() || line.get().isBlank() || line.get().contains(marker);
    }

    /**
     * Where the running process's output begins in the log (the pid file's second line: the log's
     * size when it started), for a wait that begins after the start; 0 if unknown.
     */
    public long logStart() {
        List<String> lines = Sandbox.readQuietly(pidFile()).lines().toList();
        try {
            return lines.size() > 1 ? Long.parseLong(lines.get(1).strip()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean alive() {
        return handle().isPresent();
    }

    public long pid() {
        return handle().map(ProcessHandle::pid).orElse(-1L);
    }

    /**
     * Starts the process: {@code java <jvmOptions> -cp <the runner's class path> <mainClass> <args>}.
     */
    public long start(Path sandboxRoot, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(cmd::add);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add(marker());
        cmd.add("-cp");
        cmd.add(classPath(sandboxRoot));
        cmd.add(mainClass);
        cmd.addAll(args);
        try {
            Files.createDirectories(dir);
            long logStart = logSize();
            Files.writeString(logFile(), "", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Sandbox.ownerOnly(logFile());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("_JAVA_OPTIONS");
            Process p = pb.start();
            Sandbox.writePrivate(pidFile(), p.pid() + "\n" + logStart + "\n");
            return p.pid();
        } catch (IOException e) {
            throw new SandboxException("cannot start " + name + ": " + e.getMessage());
        }
    }

    /**
     * Stops the process: SIGTERM and up to {@code graceSeconds} to finish (0: SIGKILL at once, as a
     * lost region's processes die), then SIGKILL. Removes the pid file. True if something was running.
     */
    public boolean stop(int graceSeconds) {
        Optional<ProcessHandle> h = handle();
        if (h.isPresent()) {
            ProcessHandle p = h.get();
            if (graceSeconds > 0) {
                p.destroy();
                awaitExit(p, graceSeconds * 1000L);
            }
            if (running(p)) {
                p.destroyForcibly();
                awaitExit(p, 10_000);
            }
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is harmless: the marker check ignores it
        }
        return h.isPresent();
    }

    /**
     * Stops several processes at the same time (each with its own grace period), so stopping
     * them takes as long as the slowest, not the sum. Returns how many were running.
     */
    public static int stopAll(List<SandboxProcess> processes, int graceSeconds) {
        if (processes.size() <= 1) {
            return processes.isEmpty() || !processes.get(0).stop(graceSeconds) ? 0 : 1;
        }
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();
        for (SandboxProcess p : processes) {
            Thread t = new Thread(() -> {
                if (p.stop(graceSeconds)) {
                    stopped.incrementAndGet();
                }
            }, "stop-" + p.name());
            t.start();
            threads.add(t);
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the processes are being stopped: finish that first
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stopped.get();
    }

    /**
     * Waits until the process has exited, checking often: the JDK's own wait for a process that is
     * not our child polls every 300 ms or more, which adds up when a stage stops several.
     */
    private static void awaitExit(ProcessHandle p, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        while (running(p) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the process still runs. A process that has exited but is not reaped yet (a zombie:
     * its parent, an earlier run of the runner, is gone, and the machine's first process reaps it
     * when it gets to it) has stopped: waiting for the reaping would only add time.
     */
    public static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive(); // no /proc (not Linux), or the process is gone
        }
    }

    /** The size of the log now: where what a new start writes begins. */
    public long logSize() {
        try {
            return Files.isRegularFile(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ +(\\w+) +(?:\\[[^\\]]*\\] +)?(.*)$");

    /**
     * The first ERROR of the log from a byte offset (what a start wrote), with its exception and
     * that exception's root cause, as one line; empty if the log has no ERROR there.
     */
    public Optional<String> firstError(long from) {
        return firstError(from, "");
    }

    /** The first ERROR from a byte offset whose message contains the given text, as {@link #firstError(long)} tells it. */
    public Optional<String> firstError(long from, String containing) {
        List<String> lines;
        try {
            byte[] all = Files.readAllBytes(logFile());
            int start = (int) Math.max(0, Math.min(from, all.length));
            lines = new String(all, start, all.length - start, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (int i = 0; i < lines.size(); i++) {
            java.util.regex.Matcher m = LOG_LINE.matcher(lines.get(i));
            if (!m.matches() || !m.group(1).equals("ERROR") || !m.group(2).contains(containing)) {
                continue;
            }
            String message = m.group(2).strip();
            String exception = null;
            String cause = null;
            for (int j = i + 1; j < lines.size() && !LOG_LINE.matcher(lines.get(j)).matches(); j++) {
                String l = lines.get(j).strip();
                if (exception == null && !l.isEmpty() && !l.startsWith("at ")) {
                    exception = l;
                } else if (l.startsWith("Caused by: ")) {
                    cause = l.substring("Caused by: ".length());
                }
            }
            StringBuilder b = new StringBuilder(cut(message.endsWith(":") ? message.substring(0, message.length() - 1) : message));
            if (exception != null && !message.contains(exception)) {
                b.append(": ").append(cut(exception));
            }
            if (cause != null && !cause.equals(exception)) {
                b.append(" (caused by ").append(cut(cause)).append(')');
            }
            return Optional.of(b.toString());
        }
        return Optional.empty();
    }

    /** The message of the first log line from a byte offset, at any level, that contains the text; empty if none. */
    public Optional<String> firstLine(long from, String containing) {
        byte[] all;
        try {
            all = Files.readAllBytes(logFile());
        } catch (IOException e) {
            return Optional.empty();
        }
        int start = (int) Math.max(0, Math.min(from, all.length));
        for (String line : new String(all, start, all.length - start, StandardCharsets.UTF_8).lines().toList()) {
            if (line.contains(containing)) {
                java.util.regex.Matcher m = LOG_LINE.matcher(line);
                return Optional.of(cut(m.matches() ? m.group(2).strip() : line.strip()));
            }
        }
        return Optional.empty();
    }

    private static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** The last lines of the log, for an error message. */
    public String tail(int lines) {
        List<String> all = Sandbox.readQuietly(logFile()).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * The runner's class path with absolute entries (the process runs in its own folder). When the
     * runner runs from its jar, the process runs from a copy of it in the sandbox's {@code lib}
     * folder (rebuilding the jar while the sandbox runs would otherwise pull classes from under
     * running brokers) and from the jar's libraries as its launcher extracted them (each file named
     * after its content, never changed).
     */
    static String classPath(Path sandboxRoot) {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar") && Files.isRegularFile(Path.of(entries[0]))) {
            Path jar = Path.of(entries[0]).toAbsolutePath();
            try {
                Path copy = sandboxRoot.resolve("lib").resolve("runner-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jar");
                if (!Files.isRegularFile(copy)) {
                    io.mm2dr.engine.files.AtomicFiles.copy(jar, copy);
                }
                // runner.jar's libraries, extracted by its launcher into files named after their content
                String libs = System.getProperty(io.mm2dr.launch.Launcher.LIB_PATH_PROPERTY, "");
                return libs.isEmpty() ? copy.toString() : copy + File.pathSeparator + libs;
            } catch (IOException e) {
                throw new SandboxException("cannot copy " + jar + " into the sandbox: " + e.getMessage());
            }
        }
        return Arrays.stream(entries).filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    private static Optional<String> setsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every process of the sandbox under a folder (pid files), alive or not. */
    public static List<SandboxProcess> under(Path dir) {
        List<SandboxProcess> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        // pid files sit at most four levels down (region/kind/object/name.pid); brokers' data below
        // changes all the time, so the walk stops above it, and is tried again if a file vanished
        for (int attempt = 1; ; attempt++) {
            try (var s = Files.walk(dir, 4)) {
                s.filter(p -> p.getFileName().toString().endsWith(".pid")).sorted().forEach(p -> {
                    String f = p.getFileName().toString();
                    out.add(new SandboxProcess(p.getParent(), f.substring(0, f.length() - 4)));
                });
                return out;
            } catch (IOException | java.io.UncheckedIOException e) {
                out.clear();
                if (attempt == 3) {
                    throw new SandboxException("cannot list " + dir + ": " + e.getMessage());
                }
            }
        }
    }
}

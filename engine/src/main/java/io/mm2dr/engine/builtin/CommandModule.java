package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code command} (argv, no shell) and {@code shell} ({@code /bin/sh -c}). Always reports
 * changed, as Ansible does, unless {@code creates}/{@code removes} say there is nothing to do.
 * Not run in check mode.
 */
final class CommandModule extends BuiltinModule {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private final boolean shell;
    private final ArgSpec spec;

    CommandModule(boolean shell) {
        this.shell = shell;
        ArgSpec.Builder b = ArgSpec.builder().freeForm()
                .arg("cmd", ArgType.STR).description("the command line").add()
                .arg("chdir", ArgType.PATH).description("run in this folder").add()
                .arg("creates", ArgType.PATH).description("skip when this file exists").add()
                .arg("removes", ArgType.PATH).description("run only when this file exists").add()
                .arg("stdin", ArgType.STR).description("text to send on standard input").add()
                .arg("stdin_add_newline", ArgType.BOOL).defaultValue(true).description("end stdin with a newline").add()
                .arg("strip_empty_ends", ArgType.BOOL).defaultValue(true).description("remove the newlines that end stdout and stderr").add();
        if (shell) {
            b.arg("executable", ArgType.PATH).defaultValue("/bin/sh").description("the shell to use").add();
        } else {
            b.arg("argv", ArgType.LIST).description("the command as a list of words").add();
            b.mutuallyExclusive("cmd", "argv");
        }
        this.spec = b.build();
    }

    @Override
    public String name() {
        return shell ? "shell" : "command";
    }

    @Override
    public ArgSpec spec() {
        return spec;
    }

    @Override
    public boolean supportsCheckMode() {
        return false;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException, InterruptedException {
        String text = (String) (args.get("cmd") != null ? args.get("cmd") : args.get("_raw_params"));
        List<String> argv;
        Object display;
        if (shell) {
            if (text == null || text.isBlank()) {
                throw new ArgumentError("no command given");
            }
            argv = List.of((String) args.get("executable"), "-c", text);
            display = text;
        } else if (args.get("argv") != null) {
            argv = ((List<?>) args.get("argv")).stream().map(String::valueOf).toList();
            display = argv;
        } else {
            if (text == null || text.isBlank()) {
                throw new ArgumentError("no command given");
            }
            argv = ShellWords.split(text);
            display = argv;
        }
        if (argv.isEmpty()) {
            throw new ArgumentError("no command given");
        }
        Path chdir = args.get("chdir") == null ? null : Path.of((String) args.get("chdir"));
        String creates = (String) args.get("creates");
        if (creates != null && Files.exists(resolve(chdir, creates))) {
            return ModuleResult.ok().msg("Did not run command since '" + creates + "' exists").put("cmd", display).put("rc", 0L)
                    .put("stdout", "").put("stderr", "").put("stdout_lines", List.of()).put("stderr_lines", List.of()).build();
        }
        String removes = (String) args.get("removes");
        if (removes != null && !Files.exists(resolve(chdir, removes))) {
            return ModuleResult.ok().msg("Did not run command since '" + removes + "' does not exist").put("cmd", display)
                    .put("rc", 0L).put("stdout", "").put("stderr", "").put("stdout_lines", List.of())
                    .put("stderr_lines", List.of()).build();
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (chdir != null) {
            pb.directory(chdir.toFile());
        }
        pb.environment().putAll(ctx.environment());
        LocalDateTime start = LocalDateTime.now();
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return ModuleResult.failed("[Errno 2] No such file or directory: '" + argv.get(0) + "'").put("cmd", display)
                    .put("rc", 2L).build();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = pump(p.getInputStream(), out);
        Thread errPump = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            String stdin = (String) args.get("stdin");
            if (stdin != null) {
                in.write((stdin + ((Boolean) args.get("stdin_add_newline") ? "\n" : "")).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the command did not read its input: not an error
        }
        long lastReport = System.nanoTime();
        while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
            if (ctx.cancelled()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return ModuleResult.failed("interrupted").put("cmd", display).build();
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                lastReport = System.nanoTime();
                ctx.progress("running " + (shell ? text : String.join(" ", argv)));
            }
        }
        outPump.join();
        errPump.join();
        LocalDateTime end = LocalDateTime.now();
        long rc = p.exitValue();
        boolean strip = (Boolean) args.get("strip_empty_ends");
        String stdout = text(out, strip);
        String stderr = text(err, strip);
        Duration d = Duration.ofNanos(System.nanoTime() - t0);
        ModuleResult.Builder r = ModuleResult.changed(true)
                .put("cmd", display).put("rc", rc).put("stdout", stdout).put("stderr", stderr)
                .put("stdout_lines", lines(stdout)).put("stderr_lines", lines(stderr))
                .put("start", TIME.format(start)).put("end", TIME.format(end))
                .put("delta", String.format("%d:%02d:%02d.%06d", d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toNanosPart() / 1000));
        if (rc != 0) {
            r.failed(true).msg("non-zero return code");
        }
        return r.build();
    }

    private static Path resolve(Path chdir, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || chdir == null ? path : chdir.resolve(path);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process went away
            }
        }, "command-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream b, boolean strip) {
        // as Ansible: bytes that are not UTF-8 are kept (surrogateescape), not replaced
        String s = io.mm2dr.engine.files.SurrogateEscape.decode(b.toByteArray());
        if (strip) {
            while (s.endsWith("\n") || s.endsWith("\r")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    private static List<String> lines(String s) {
        return s.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(s.split("\r?\n", -1)));
    }
}

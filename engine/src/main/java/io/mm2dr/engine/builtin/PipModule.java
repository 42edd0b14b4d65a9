package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ArgumentError;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code pip}: installs or removes Python packages, as ansible.builtin.pip does: with the pip of
 * the Python interpreter that Ansible would run its modules with ({@code ansible_python_interpreter},
 * else {@code python3}), {@code INTERPRETER -m pip.__main__ install NAME...}; or with
 * {@code executable}, or the pip of {@code virtualenv}. Changed when pip says it installed
 * (uninstalled) something. Playbooks written for Ansible install their Python prerequisites with
 * it (the runner itself needs none). Not run in check mode.
 */
final class PipModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.LIST).aliases("pkg").description("package names (with version specifiers)").add()
            .arg("requirements", ArgType.STR).description("a requirements file").add()
            .arg("version", ArgType.STR).description("the version of the one package named").add()
            .arg("state", ArgType.STR).defaultValue("present").choices("present", "absent", "latest", "forcereinstall")
                    .description("installed, uninstalled, upgraded to the newest version, or installed again").add()
            .arg("executable", ArgType.PATH).description("the pip to run").add()
            .arg("virtualenv", ArgType.PATH).description("a virtualenv whose pip to run").add()
            .arg("extra_args", ArgType.STR).description("more arguments for pip").add()
            .arg("chdir", ArgType.PATH).description("run pip in this folder").add()
            .requiredOneOf("name", "requirements")
            .build();

    @Override
    public String name() {
        return "pip";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public boolean supportsCheckMode() {
        return false;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException, InterruptedException {
        List<String> names = args.get("name") == null ? List.of() : ((List<?>) args.get("name")).stream().map(String::valueOf).toList();
        String state = (String) args.get("state");
        if (args.get("version") != null) {
            if (names.size() != 1) {
                throw new ArgumentError("version can only be given with exactly one package name");
            }
            names = List.of(names.get(0) + "==" + args.get("version"));
        }
        List<String> cmd = new ArrayList<>(pip(args, ctx));
        cmd.add(state.equals("absent") ? "uninstall" : "install");
        if (state.equals("absent")) {
            cmd.add("-y");
        } else if (state.equals("latest")) {
            cmd.add("-U");
        } else if (state.equals("forcereinstall")) {
            cmd.addAll(List.of("-U", "--force-reinstall"));
        }
        if (args.get("extra_args") != null) {
            cmd.addAll(ShellWords.split((String) args.get("extra_args")));
        }
        if (args.get("requirements") != null) {
            cmd.addAll(List.of("-r", (String) args.get("requirements")));
        }
        cmd.addAll(names);

        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (args.get("chdir") != null) {
            pb.directory(Path.of((String) args.get("chdir")).toFile());
        }
        pb.environment().putAll(ctx.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return ModuleResult.failed("Unable to find any of pip3 to use.  pip needs to be installed.").put("cmd", cmd).build();
        }
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread pump = pump(p.getErrorStream(), err);
        p.getInputStream().transferTo(out);
        int rc = p.waitFor();
        pump.join();
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        ModuleResult.Builder r;
        if (rc != 0) {
            r = ModuleResult.failed("stdout: " + stdout + "\n:stderr: " + stderr).put("rc", (long) rc);
        } else {
            boolean changed = stdout.contains(state.equals("absent") ? "Successfully uninstalled" : "Successfully installed");
            r = ModuleResult.changed(changed);
        }
        return r.put("cmd", String.join(" ", cmd)).put("name", names).put("requirements", args.get("requirements"))
                .put("version", args.get("version")).put("virtualenv", args.get("virtualenv")).put("state", state)
                .put("stdout", stdout).put("stderr", stderr).build();
    }

    /** The pip to run, as Ansible finds it. */
    private static List<String> pip(Map<String, Object> args, ModuleContext ctx) {
        if (args.get("executable") != null) {
            return List.of((String) args.get("executable"));
        }
        if (args.get("virtualenv") != null) {
            return List.of(Path.of((String) args.get("virtualenv"), "bin", "pip3").toString());
        }
        Object interpreter = ctx.vars().get("ansible_python_interpreter");
        String python = interpreter == null ? "python3" : String.valueOf(ctx.template(interpreter));
        return List.of(python, "-m", "pip.__main__");
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process went away
            }
        }, "pip-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

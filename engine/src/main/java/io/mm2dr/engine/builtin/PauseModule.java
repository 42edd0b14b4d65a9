package io.mm2dr.engine.builtin;

import io.mm2dr.engine.module.ArgSpec;
import io.mm2dr.engine.module.ArgType;
import io.mm2dr.engine.module.ModuleContext;
import io.mm2dr.engine.module.ModuleResult;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code pause}: waits for a time (reporting progress), or for the user to press Enter. Without a
 * terminal (CI), a pause with no duration does not wait: it warns, so a pipeline never hangs.
 */
final class PauseModule extends BuiltinModule {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("seconds", ArgType.FLOAT).description("how long to wait").add()
            .arg("minutes", ArgType.FLOAT).description("how long to wait").add()
            .arg("prompt", ArgType.STR).description("text shown while waiting for Enter").add()
            .arg("echo", ArgType.BOOL).defaultValue(true).description("accepted for compatibility and returned; what is typed at the prompt is always shown").add()
            .mutuallyExclusive("seconds", "minutes")
            .build();

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public boolean supportsCheckMode() {
        return true;
    }

    @Override
    public ModuleResult run(Map<String, Object> args, ModuleContext ctx) throws IOException {
        Double seconds = (Double) args.get("seconds");
        if (args.get("minutes") != null) {
            seconds = (Double) args.get("minutes") * 60;
        }
        long start = System.currentTimeMillis();
        String userInput = "";
        if (seconds != null) {
            long total = (long) (seconds * 1000);
            long end = start + total;
            while (!ctx.cancelled()) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                ctx.progress(String.format("pausing for %.0f seconds", seconds));
                ctx.sleep(Math.min(left, 1000));
            }
        } else {
            Console console = System.console();
            if (console == null) {
                return ModuleResult.ok().msg("not waiting for input: no terminal")
                        .warn("pause: no terminal to read from, not waiting").put("user_input", "").build();
            }
            String prompt = args.get("prompt") == null ? "Press enter to continue, Ctrl+C to interrupt" : (String) args.get("prompt");
            console.printf("[pause]%n%s:%n", prompt);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            userInput = line == null ? "" : line;
        }
        long stop = System.currentTimeMillis();
        if (ctx.cancelled()) {
            return ModuleResult.failed("interrupted after " + (stop - start) / 1000 + " s").build();
        }
        return ModuleResult.ok()
                .put("start", start / 1000.0).put("stop", stop / 1000.0)
                .put("delta", (stop - start) / 1000).put("user_input", userInput).put("echo", args.get("echo"))
                .put("stdout", "Paused for " + String.format("%.2f", (stop - start) / 1000.0) + " seconds").build();
    }
}

package io.mm2dr.cli;

import picocli.CommandLine;

/** {@code java -jar runner.jar [options] PLAYBOOK...} */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        if (args.length > 0 && args[0].equals("sandbox")) {
            return SandboxCommand.run(System.out, System.err, java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return PlaybookCommand.commandLine(new PlaybookCommand(System.out, System.err, true)).execute(args);
    }
}

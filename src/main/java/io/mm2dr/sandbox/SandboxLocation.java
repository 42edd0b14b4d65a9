package io.mm2dr.sandbox;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the sandbox's state folder is, without {@link Sandbox} itself (and the JSON library its
 * state files need): every run asks, few runs touch the sandbox.
 */
public final class SandboxLocation {
    private SandboxLocation() {
    }

    /**
     * The state folder: the one given (variable or option), else {@value Sandbox#ENV}, else
     * {@value Sandbox#DEFAULT_DIR} in the working directory.
     */
    public static Path resolve(String configured, Map<String, String> environment) {
        String dir = configured;
        if (dir == null || dir.isBlank()) {
            dir = environment.get(Sandbox.ENV);
        }
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(Sandbox.ENV);
        }
        if (dir == null || dir.isBlank()) {
            dir = Sandbox.DEFAULT_DIR;
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }
}

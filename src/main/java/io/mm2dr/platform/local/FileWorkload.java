package io.mm2dr.platform.local;

import io.mm2dr.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the sandbox's workloads (demo apps, MirrorMaker 2) share: a folder under the namespace, a
 * JSON state file holding what was asked, the replica count (0 when paused) and the count recorded
 * when it was paused; and how to resolve passwords and bootstrap addresses when a process starts.
 */
abstract class FileWorkload implements Workload {
    /** A secret's value for a process's configuration. */
    interface Secrets {
        String value(String namespace, String name, String key);
    }

    final Sandbox sandbox;
    final String namespace;
    final String name;
    final Secrets secrets;
    final UnaryOperator<String> bootstrap;
    private final String kindFolder;
    private final String stateFile;
    private static final String UNCONFIRMED = "unconfirmed";

    FileWorkload(Sandbox sandbox, String namespace, String name, Secrets secrets, UnaryOperator<String> bootstrap,
                 String kindFolder, String stateFile) {
        this.sandbox = sandbox;
        this.namespace = namespace;
        this.name = name;
        this.secrets = secrets;
        this.bootstrap = bootstrap;
        this.kindFolder = kindFolder;
        this.stateFile = stateFile;
    }

    Path dir() {
        return sandbox.objectDir(namespace, kindFolder, name);
    }

    boolean exists() {
        return Files.isRegularFile(dir().resolve(stateFile));
    }

    Map<String, Object> state() {
        Map<String, Object> s = Sandbox.readMap(dir().resolve(stateFile));
        return s == null ? Map.of() : s;
    }

    void writeState(Map<String, Object> state) {
        Sandbox.writeJson(dir().resolve(stateFile), state);
    }

    /** A marker in the folder: started without a wait ({@code wait: false}), not yet seen working. */
    @Override
    public boolean unconfirmed() {
        return Files.exists(dir().resolve(UNCONFIRMED));
    }

    void unconfirmed(boolean unconfirmed) {
        try {
            if (unconfirmed) {
                Files.writeString(dir().resolve(UNCONFIRMED), "started without a wait: the next run that waits checks it works\n");
            } else {
                Files.deleteIfExists(dir().resolve(UNCONFIRMED));
            }
        } catch (java.io.IOException e) {
            throw new io.mm2dr.sandbox.SandboxException("cannot write " + dir().resolve(UNCONFIRMED) + ": " + e.getMessage());
        }
    }

    @Override
    public int replicas() {
        Object r = state().get("replicas");
        return r == null ? 0 : ((Number) r).intValue();
    }

    @Override
    public Integer recordedReplicas() {
        Object r = state().get("recorded_replicas");
        return r == null ? null : ((Number) r).intValue();
    }

    @Override
    public void setReplicas(int replicas, Integer recorded) {
        Map<String, Object> s = new LinkedHashMap<>(state());
        s.put("replicas", replicas);
        s.put("recorded_replicas", recorded);
        writeState(s);
    }
}

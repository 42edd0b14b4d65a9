package io.mm2dr.platform.local;

import io.mm2dr.platform.Platform;
import io.mm2dr.platform.PlatformConfig;
import io.mm2dr.platform.PlatformRuntime;
import io.mm2dr.platform.TaskScope;
import io.mm2dr.sandbox.Sandbox;
import java.nio.file.Path;

/**
 * The local platform of a run: one sandbox folder, locked for the run at its first write (usually
 * before the first task, see {@link #open}), and the administrator clients of its clusters. A task
 * in check mode gets the sandbox read-only and unlocked: the folder is checked, never created.
 */
public final class LocalRuntime implements PlatformRuntime {
    private final PlatformConfig config;
    private final AdminClients admins = new AdminClients();
    private Sandbox locked;

    public LocalRuntime(PlatformConfig config) {
        if (!config.local()) {
            throw new IllegalArgumentException("not a local platform: " + config.name());
        }
        this.config = config;
    }

    @Override
    public PlatformConfig config() {
        return config;
    }

    public Path root() {
        return config.sandboxDir();
    }

    /**
     * Takes the sandbox's lock for the run (creating the folder), once.
     *
     * @throws io.mm2dr.sandbox.UnusableSandboxException when the folder cannot be used where it is
     * @throws io.mm2dr.sandbox.SandboxException when another run holds the lock
     */
    public synchronized Sandbox open() {
        if (locked == null) {
            locked = Sandbox.lock(root());
        }
        return locked;
    }

    /** Checks, without creating or locking anything, that the sandbox could be used (check mode). */
    public void checkUsable() {
        Sandbox.checkUsable(root(), false);
    }

    @Override
    public Platform platform(TaskScope scope) {
        Sandbox sandbox;
        if (scope.checkMode()) {
            checkUsable();
            sandbox = Sandbox.readOnly(root());
        } else {
            sandbox = open();
        }
        return new LocalPlatform(new SandboxGateway(sandbox, scope, admins));
    }

    @Override
    public Platform reader(TaskScope scope) {
        return new LocalPlatform(new SandboxGateway(Sandbox.readOnly(root()), scope, admins));
    }

    @Override
    public synchronized void close() {
        admins.close();
        if (locked != null) {
            locked.close();
            locked = null;
        }
    }
}

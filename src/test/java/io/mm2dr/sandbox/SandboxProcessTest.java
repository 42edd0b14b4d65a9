package io.mm2dr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stopped process's log says: its first ERROR since a start, with the exception and its root cause. */
class SandboxProcessTest {
    @TempDir
    Path dir;

    @Test
    void theFirstErrorSinceTheStartWithItsCauseNotTheLastLines() throws Exception {
        SandboxProcess p = new SandboxProcess(dir, "mm2");
        Files.writeString(p.logFile(), """
                2026-11-29T08:00:00,000 ERROR [Worker] an error of an earlier start
                """, StandardCharsets.UTF_8);
        long from = p.logSize();
        Files.writeString(p.logFile(), """
                2026-11-29T08:42:04,716 INFO  [MirrorMaker] Kafka MirrorMaker starting with 1 herders.
                2026-11-29T08:42:05,500 ERROR [DistributedHerder] [Worker clientId=north-america->europe, groupId=mm2-backup] Uncaught exception in herder work thread, exiting:\s
                org.apache.kafka.connect.errors.ConnectException: Error while attempting to create/find topic(s) 'mm2-backup-offsets'
                \tat org.apache.kafka.connect.util.TopicAdmin.createOrFindTopics(TopicAdmin.java:500)
                \tat java.base/java.lang.Thread.run(Thread.java:840)
                Caused by: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.TopicAuthorizationException: Authorization failed.
                \t... 12 more
                Caused by: org.apache.kafka.common.errors.TopicAuthorizationException: Authorization failed.
                2026-11-29T08:42:05,600 ERROR [Worker] a second error
                2026-11-29T08:42:06,000 INFO  [MirrorMaker] Kafka MirrorMaker stopped.
                """, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.of("[Worker clientId=north-america->europe, groupId=mm2-backup] Uncaught exception in herder work thread, exiting:"
                + " org.apache.kafka.connect.errors.ConnectException: Error while attempting to create/find topic(s) 'mm2-backup-offsets'"
                + " (caused by org.apache.kafka.common.errors.TopicAuthorizationException: Authorization failed.)"), p.firstError(from));
        assertEquals(Optional.of("an error of an earlier start"), p.firstError(0));
        assertEquals(Optional.of("a second error"), p.firstError(from, "second"));
        assertEquals(Optional.empty(), p.firstError(from, "not logged"));
    }

    @Test
    void noErrorNoLog() throws Exception {
        SandboxProcess p = new SandboxProcess(dir, "quiet");
        assertEquals(Optional.empty(), p.firstError(0));
        Files.writeString(p.logFile(), "2026-11-29T08:42:04,716 INFO  [MirrorMaker] Kafka MirrorMaker starting\n", StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), p.firstError(0));
    }

    @Test
    void processesStoppedTogetherAndAnExitedProcessIsNotRunning() throws Exception {
        assertEquals(0, SandboxProcess.stopAll(java.util.List.of(new SandboxProcess(dir, "a"), new SandboxProcess(dir, "b")), 1));
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        ProcessHandle h = sleeper.toHandle();
        assertTrue(SandboxProcess.running(h));
        sleeper.destroy();
        sleeper.waitFor();
        assertFalse(SandboxProcess.running(h));
    }

    /**
     * A process killed but not reaped yet (a zombie: its parent, an earlier run, is gone) is not
     * alive, though its command line can no longer be read: a wait on it must not go on for ever.
     */
    @Test
    void aDeadProcessNotYetReapedIsNotAlive() throws Exception {
        Path root = Files.createDirectories(dir.resolve("zombie"));
        SandboxProcess p = new SandboxProcess(root, "z");
        // sh starts a child that exits at once, notes its pid, and becomes a sleep that never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $! > '" + p.pidFile() + "'; exec sleep 20").start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            String state = "";
            while (System.nanoTime() < deadline) {
                String pid = Files.exists(p.pidFile()) ? Files.readString(p.pidFile()).strip() : "";
                if (!pid.isEmpty()) {
                    String stat = Files.readString(Path.of("/proc", pid, "stat"));
                    state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                    if (state.equals("Z")) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            assertEquals("Z", state, "the child is a zombie");
            assertFalse(p.alive(), "a zombie is not alive");
        } finally {
            parent.destroyForcibly();
        }
    }
}

package io.mm2dr.engine.report;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.Stats;
import io.mm2dr.engine.event.TaskInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what reports need from engine events: plays, tasks with their per-host results and
 * timings, loop items, errors, the recap. Report writers read it at the end of the run; a command
 * line that stops before the engine ends the run ends it with {@link #runEnd} itself, once.
 */
public class RunRecorder implements RunListener {
    public record TaskRecord(TaskInfo info, Instant started, List<HostResult> results, List<HostResult> items) {
    }

    /** A play, with the playbook it belongs to (null when unknown). */
    public record PlayRecord(String name, List<String> hosts, Instant started, List<TaskRecord> tasks, Path playbook) {
    }

    protected final List<Path> playbooks = new ArrayList<>();
    protected final List<PlayRecord> plays = new ArrayList<>();
    protected final List<String> errors = new ArrayList<>();
    protected final List<String> warnings = new ArrayList<>();
    protected final Instant started = Instant.now();
    protected Stats stats;
    protected long elapsedMillis;
    protected int exitCode;
    private boolean ended;
    private final Map<Integer, TaskRecord> byId = new LinkedHashMap<>();
    /** Loop items per task and host not yet followed by the host's task result. */
    private final Map<String, List<HostResult>> pendingItems = new LinkedHashMap<>();
    /** The loop items of each task result (by identity: results are records and may be equal). */
    private final Map<HostResult, List<HostResult>> itemsOf = new IdentityHashMap<>();
    /** Each host's last failed task result, until the next one or a rescue. */
    private final Map<String, HostResult> lastFailure = new LinkedHashMap<>();
    /** Failed task results a block's rescue handled. */
    private final Set<HostResult> rescued = Collections.newSetFromMap(new IdentityHashMap<>());

    /** What an exit code means, as the command line's help says. */
    public static String exitMeaning(int exitCode) {
        return switch (exitCode) {
            case 0 -> "success";
            case 1 -> "error";
            case 2 -> "a task failed";
            case 3 -> "unreachable";
            case 4 -> "playbook does not parse";
            case 5 -> "bad command line";
            case 99 -> "interrupted";
            default -> "exit code " + exitCode;
        };
    }

    @Override
    public synchronized void playbookStart(Path file) {
        playbooks.add(file);
    }

    @Override
    public synchronized void playStart(String name, List<String> hosts) {
        plays.add(new PlayRecord(name, hosts, Instant.now(), new ArrayList<>(), currentPlaybook()));
    }

    private Path currentPlaybook() {
        return playbooks.isEmpty() ? null : playbooks.get(playbooks.size() - 1);
    }

    @Override
    public synchronized void taskStart(TaskInfo task) {
        TaskRecord r = new TaskRecord(task, Instant.now(), new ArrayList<>(), new ArrayList<>());
        byId.put(task.id(), r);
        if (plays.isEmpty()) {
            plays.add(new PlayRecord("", List.of(), Instant.now(), new ArrayList<>(), currentPlaybook()));
        }
        plays.get(plays.size() - 1).tasks().add(r);
    }

    @Override
    public synchronized void itemResult(TaskInfo task, HostResult item) {
        TaskRecord r = byId.get(task.id());
        if (r != null) {
            r.items().add(item);
            pendingItems.computeIfAbsent(task.id() + "\u0000" + item.host(), k -> new ArrayList<>()).add(item);
        }
    }

    @Override
    public synchronized void taskResult(TaskInfo task, HostResult result) {
        TaskRecord r = byId.get(task.id());
        if (r != null) {
            r.results().add(result);
            List<HostResult> items = pendingItems.remove(task.id() + "\u0000" + result.host());
            itemsOf.put(result, items == null ? List.of() : items);
            if (result.failed() && !result.ignored()) {
                lastFailure.put(result.host(), result);
            }
        }
    }

    @Override
    public synchronized void rescued(String host) {
        HostResult r = lastFailure.remove(host);
        if (r != null) {
            rescued.add(r);
        }
    }

    /** True when a block's rescue handled this failed result (the run goes on, the recap counts it rescued). */
    protected synchronized boolean rescued(HostResult result) {
        return rescued.contains(result);
    }

    /** The loop items that made up a task result, in order; empty when the task has no loop. */
    protected synchronized List<HostResult> items(HostResult result) {
        return itemsOf.getOrDefault(result, List.of());
    }

    @Override
    public synchronized void warning(String message) {
        warnings.add(message);
    }

    @Override
    public synchronized void error(String message) {
        errors.add(message);
    }

    @Override
    public synchronized void runEnd(Stats stats, long elapsedMillis, int exitCode) {
        this.stats = stats;
        this.elapsedMillis = elapsedMillis;
        this.exitCode = exitCode;
        this.ended = true;
    }

    /** True once {@link #runEnd} was called: the report is written. */
    public synchronized boolean ended() {
        return ended;
    }

    /**
     * Writes a report through a temporary file beside it, so that a reader (or a run killed while
     * writing) never sees half a report.
     */
    protected static void writeAtomically(Path file, String text, String what) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            if (Files.isDirectory(target)) {
                throw new IOException("it is a folder");
            }
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error below says what went wrong
            }
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** When the recording started (the run's start for a report ended early). */
    public Instant started() {
        return started;
    }
}

package io.mm2dr.engine.report;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.Stats;
import io.mm2dr.engine.event.TaskInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what reports need from engine events: plays, tasks with their per-host results and
 * timings, errors, the recap. Report writers read it at the end of the run.
 */
public class RunRecorder implements RunListener {
    public record TaskRecord(TaskInfo info, Instant started, List<HostResult> results, List<HostResult> items) {
    }

    public record PlayRecord(String name, List<String> hosts, Instant started, List<TaskRecord> tasks) {
    }

    protected final List<Path> playbooks = new ArrayList<>();
    protected final List<PlayRecord> plays = new ArrayList<>();
    protected final List<String> errors = new ArrayList<>();
    protected final List<String> warnings = new ArrayList<>();
    protected final Instant started = Instant.now();
    protected Stats stats;
    protected long elapsedMillis;
    protected int exitCode;
    private final Map<Integer, TaskRecord> byId = new LinkedHashMap<>();

    @Override
    public synchronized void playbookStart(Path file) {
        playbooks.add(file);
    }

    @Override
    public synchronized void playStart(String name, List<String> hosts) {
        plays.add(new PlayRecord(name, hosts, Instant.now(), new ArrayList<>()));
    }

    @Override
    public synchronized void taskStart(TaskInfo task) {
        TaskRecord r = new TaskRecord(task, Instant.now(), new ArrayList<>(), new ArrayList<>());
        byId.put(task.id(), r);
        if (plays.isEmpty()) {
            plays.add(new PlayRecord("", List.of(), Instant.now(), new ArrayList<>()));
        }
        plays.get(plays.size() - 1).tasks().add(r);
    }

    @Override
    public synchronized void itemResult(TaskInfo task, HostResult item) {
        TaskRecord r = byId.get(task.id());
        if (r != null) {
            r.items().add(item);
        }
    }

    @Override
    public synchronized void taskResult(TaskInfo task, HostResult result) {
        TaskRecord r = byId.get(task.id());
        if (r != null) {
            r.results().add(result);
        }
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
    }
}

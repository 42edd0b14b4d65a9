package io.mm2dr.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.Stats;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --report-json FILE}: every play, task and per-host result (redacted), with timings, the
 * recap and the exit code, for CI stages. Written for every exit code: a run that stops before its
 * first task (a playbook that does not parse, bad options) has no plays and its message in
 * {@code errors}.
 *
 * <p>{@code schema_version} ({@link #SCHEMA_VERSION}) names the layout. It goes up when a field is
 * removed or renamed, or changes its type or meaning; adding a field does not change it, so
 * readers ignore fields they do not know. Version 1 is the layout reports had before they carried
 * the field.
 */
public final class JsonReport extends RunRecorder {
    public static final int SCHEMA_VERSION = 1;

    private final Path file;

    public JsonReport(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void runEnd(Stats stats, long elapsedMillis, int exitCode) {
        super.runEnd(stats, elapsedMillis, exitCode);
        write();
    }

    /** The report as data (also written to the file at the end of the run). */
    public synchronized Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("playbooks", playbooks.stream().map(Path::toString).toList());
        root.put("started", started.toString());
        root.put("duration_ms", elapsedMillis);
        root.put("exit_code", exitCode);
        root.put("exit_meaning", exitMeaning(exitCode));
        List<Object> ps = new ArrayList<>();
        for (PlayRecord p : plays) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("hosts", p.hosts());
            pm.put("started", p.started().toString());
            List<Object> ts = new ArrayList<>();
            for (TaskRecord t : p.tasks()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("name", t.info().name());
                tm.put("action", t.info().action());
                tm.put("handler", t.info().handler());
                tm.put("path", t.info().pos() == null ? null : t.info().pos().toString());
                tm.put("started", t.started().toString());
                Map<String, Object> hosts = new LinkedHashMap<>();
                for (HostResult r : t.results()) {
                    Map<String, Object> hm = new LinkedHashMap<>();
                    hm.put("status", r.status().name().toLowerCase());
                    hm.put("ignored", r.ignored());
                    hm.put("rescued", rescued(r));
                    hm.put("duration_ms", r.durationMillis());
                    hm.put("result", r.result());
                    hosts.put(r.host(), hm);
                }
                tm.put("hosts", hosts);
                ts.add(tm);
            }
            pm.put("tasks", ts);
            ps.add(pm);
        }
        root.put("plays", ps);
        Map<String, Object> recap = new LinkedHashMap<>();
        if (stats != null) {
            stats.hosts().forEach((h, c) -> recap.put(h, c.asMap()));
        }
        root.put("stats", recap);
        root.put("warnings", warnings);
        root.put("errors", errors);
        return root;
    }

    private void write() {
        String text;
        try {
            text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the JSON report " + file + ": " + e.getMessage(), e);
        }
        writeAtomically(file, text + "\n", "JSON report");
    }
}

package io.mm2dr.engine.output;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.RunListener;
import io.mm2dr.engine.event.Stats;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.event.TaskInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the run as ansible-playbook's default callback does: PLAY and TASK banners,
 * ok/changed/skipping/fatal lines (per loop item too), diffs, warnings and the PLAY RECAP.
 * Colour only on a terminal; on a terminal, long waits show a live line with the elapsed time,
 * elsewhere a progress line at most every {@value #PROGRESS_EVERY_MS} ms. A result that asks for a
 * summary ({@link HostResult#summary()}: mirror_compare, drill_report) shows its {@code msg} on its
 * status line without -v ({@code ok: [host] => msg}); with -v it shows the whole result, as any other.
 */
public final class ConsoleOutput implements RunListener {
    static final int PROGRESS_EVERY_MS = 10_000;
    private static final String GREEN = "\u001b[0;32m";
    private static final String YELLOW = "\u001b[0;33m";
    private static final String CYAN = "\u001b[0;36m";
    private static final String RED = "\u001b[0;31m";
    private static final String BRIGHT_RED = "\u001b[1;31m";
    private static final String PURPLE = "\u001b[1;35m";
    private static final String BLUE = "\u001b[0;34m";
    private static final String RESET = "\u001b[0m";
    private static final Set<String> HIDDEN_KEYS = Set.of("_ansible_verbose_always", "ansible_loop_var", "ansible_index_var");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final boolean live;
    private final int verbosity;
    private String progressLine;
    private long lastProgressPrint;
    private String lastProgressMessage;

    public ConsoleOutput(PrintStream out, PrintStream err, boolean color, boolean live, int verbosity) {
        this.out = out;
        this.err = err;
        this.color = color;
        this.live = live;
        this.verbosity = verbosity;
    }

    private String c(String code, String text) {
        return color ? code + text + RESET : text;
    }

    static String banner(String text) {
        String msg = text.strip();
        int stars = Math.max(3, 79 - msg.length());
        return msg + " " + "*".repeat(stars);
    }

    private synchronized void line(String s) {
        clearProgress();
        out.println(s);
        out.flush();
    }

    @Override
    public void playbookStart(Path file) {
        if (verbosity >= 1) {
            line("\nPLAYBOOK: " + file.getFileName() + " " + "*".repeat(Math.max(3, 79 - 10 - file.getFileName().toString().length())));
        }
    }

    @Override
    public void playStart(String name, List<String> hosts) {
        line("\n" + banner("PLAY [" + name + "]"));
    }

    @Override
    public void noHostsMatched(String pattern) {
        line(c(CYAN, "skipping: no hosts matched"));
    }

    @Override
    public void taskStart(TaskInfo task) {
        line("\n" + banner((task.handler() ? "RUNNING HANDLER [" : "TASK [") + task.name() + "]"));
        if (verbosity >= 2 && task.pos() != null && task.pos().file() != null) {
            line(c(BLUE, "task path: " + task.pos().file().toAbsolutePath() + ":" + task.pos().line()));
        }
    }

    @Override
    public void itemResult(TaskInfo task, HostResult r) {
        String item = " (item=" + r.itemLabel() + ")";
        switch (r.status()) {
            case FAILED -> {
                Map<String, Object> shown = clean(r.result());
                // a failed item shows which variable held the item, as ansible-playbook does
                if (r.result().get("ansible_loop_var") != null) {
                    Map<String, Object> withVar = new LinkedHashMap<>();
                    withVar.put("ansible_loop_var", r.result().get("ansible_loop_var"));
                    withVar.putAll(shown);
                    shown = withVar;
                }
                line(c(RED, "failed: [" + r.host() + "]" + item + " => " + dump(shown, r)));
            }
            case SKIPPED -> line(c(CYAN, "skipping: [" + r.host() + "] =>" + item) + verboseSuffix(r, false));
            case CHANGED -> {
                printDiffs(r);
                line(c(YELLOW, "changed: [" + r.host() + "] =>" + item) + verboseSuffix(r, true));
            }
            case UNREACHABLE -> line(c(BRIGHT_RED, "fatal: [" + r.host() + "]" + item + ": UNREACHABLE! => " + PyJson.compact(clean(r.result()))));
            default -> line(c(GREEN, "ok: [" + r.host() + "] =>" + item) + verboseSuffix(r, true));
        }
    }

    private String verboseSuffix(HostResult r, boolean allowAlways) {
        if (verbosity >= 1 || (allowAlways && r.verboseAlways())) {
            Map<String, Object> shown = clean(r.result());
            shown.remove("item");
            shown.remove("changed");
            shown.remove("failed");
            return " => " + (r.verboseAlways() ? PyJson.indented(shown) : PyJson.compact(shown));
        }
        return summary(r);
    }

    /** Without -v, a result that asks for it ({@link HostResult#summary()}) shows its msg as one line. */
    private static String summary(HostResult r) {
        if (!r.summary() || r.msg() == null || r.msg().isBlank()) {
            return "";
        }
        return " => " + r.msg().strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void taskResult(TaskInfo task, HostResult r) {
        boolean loop = r.result().containsKey("results");
        String host = "[" + r.host() + "]";
        switch (r.status()) {
            case FAILED -> {
                Map<String, Object> shown = clean(r.result());
                if (loop) {
                    shown.remove("results");
                }
                line(c(RED, "fatal: " + host + ": FAILED! => " + dump(shown, r)));
                if (r.ignored()) {
                    line(c(CYAN, "...ignoring"));
                } else if (task.pos() != null && task.pos().file() != null) {
                    line(c(RED, "The failed task is at " + task.pos()));
                }
            }
            case UNREACHABLE -> line(c(BRIGHT_RED, "fatal: " + host + ": UNREACHABLE! => " + PyJson.compact(clean(r.result()))));
            case SKIPPED -> {
                if (!loop) {
                    line(c(CYAN, "skipping: " + host) + (verbosity >= 1 ? " => " + PyJson.compact(clean(r.result())) : ""));
                } else {
                    // after the skipped items, the task's own line (as ansible-playbook's default callback)
                    line(c(CYAN, "skipping: " + host));
                }
            }
            case CHANGED -> {
                if (!loop) {
                    printDiffs(r);
                    line(c(YELLOW, "changed: " + host) + okSuffix(task, r));
                } else if (verbosity >= 1) {
                    line(c(YELLOW, "changed: " + host));
                }
            }
            default -> {
                if (!loop) {
                    line(c(GREEN, "ok: " + host) + okSuffix(task, r));
                } else if (verbosity >= 1) {
                    line(c(GREEN, "ok: " + host));
                }
            }
        }
    }

    /** A result as ansible-playbook dumps it: indented when the module asks to be always shown (debug, assert) or at -vvv. */
    private String dump(Map<String, Object> shown, HostResult r) {
        return r.verboseAlways() || verbosity > 2 ? PyJson.indented(shown) : PyJson.compact(shown);
    }

    private String okSuffix(TaskInfo task, HostResult r) {
        if (r.verboseAlways()) {
            Map<String, Object> shown = clean(r.result());
            if (task.action().endsWith("debug")) {
                shown.remove("changed");
            }
            return " => " + PyJson.indented(shown);
        }
        if (verbosity >= 1) {
            return " => " + PyJson.compact(clean(r.result()));
        }
        return summary(r);
    }

    private Map<String, Object> clean(Map<String, Object> result) {
        Map<String, Object> m = new LinkedHashMap<>(result);
        m.keySet().removeAll(HIDDEN_KEYS);
        if (verbosity < 3) {
            m.remove("exception");
        }
        m.remove("diff");
        m.remove("failed");
        return m;
    }

    private void printDiffs(HostResult r) {
        for (Map<String, Object> d : r.diffs()) {
            Object before = d.get("before");
            Object after = d.get("after");
            String bText = before instanceof String s ? s : before == null ? "" : PyJson.indented(before);
            String aText = after instanceof String s ? s : after == null ? "" : PyJson.indented(after);
            String bh = "before" + (d.get("before_header") != null && !"before".equals(d.get("before_header")) ? ": " + d.get("before_header") : "");
            String ah = "after" + (d.get("after_header") != null && !"after".equals(d.get("after_header")) ? ": " + d.get("after_header") : "");
            if (bText.equals(aText)) {
                continue;
            }
            for (String l : LineDiff.unified(bText, aText, bh, ah, 3)) {
                if (l.startsWith("+") && !l.startsWith("+++")) {
                    line(c(GREEN, l));
                } else if (l.startsWith("-") && !l.startsWith("---")) {
                    line(c(RED, l));
                } else if (l.startsWith("@@")) {
                    line(c(CYAN, l));
                } else {
                    line(l);
                }
            }
            line("");
        }
    }

    @Override
    public void retry(TaskInfo task, String host, int retriesLeft, Map<String, Object> result) {
        line(c(RED, "FAILED - RETRYING: [" + host + "]: " + task.name() + " (" + retriesLeft + " retries left)."));
    }

    @Override
    public synchronized void progress(TaskInfo task, String host, String message, long elapsedMillis) {
        String text = "[" + host + "] " + message + " (" + formatElapsed(elapsedMillis) + ")";
        if (live) {
            clearProgress();
            progressLine = text;
            out.print(c(BLUE, "  " + text));
            out.flush();
            return;
        }
        long now = System.currentTimeMillis();
        if (!message.equals(lastProgressMessage) && now - lastProgressPrint >= 1000 || now - lastProgressPrint >= PROGRESS_EVERY_MS) {
            lastProgressPrint = now;
            lastProgressMessage = message;
            out.println("  ... " + text);
            out.flush();
        }
    }

    static String formatElapsed(long ms) {
        long s = ms / 1000;
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }

    private void clearProgress() {
        if (progressLine != null) {
            out.print("\r\u001b[K");
            progressLine = null;
        }
    }

    @Override
    public void included(Path file, String host) {
        included(file, host, null);
    }

    @Override
    public void included(Path file, String host, String itemLabel) {
        line(c(BLUE, "included: " + file.toAbsolutePath() + " for " + host + (itemLabel == null ? "" : " => (item=" + itemLabel + ")")));
    }

    @Override
    public synchronized void warning(String message) {
        clearProgress();
        err.println(c(PURPLE, "[WARNING]: " + message));
        err.flush();
    }

    @Override
    public synchronized void error(String message) {
        clearProgress();
        err.println(c(RED, "ERROR! " + message));
        err.flush();
    }

    @Override
    public void runEnd(Stats stats, long elapsedMillis, int exitCode) {
        if (stats.hosts().isEmpty()) {
            return;
        }
        line("\n" + banner("PLAY RECAP"));
        for (Map.Entry<String, Stats.Counters> e : stats.hosts().entrySet()) {
            Stats.Counters s = e.getValue();
            String hostColor = s.failed > 0 || s.unreachable > 0 ? RED : s.changed > 0 ? YELLOW : GREEN;
            String host = padRight(e.getKey(), 26);
            line(c(hostColor, host) + " : "
                    + count("ok", s.ok, GREEN) + " "
                    + count("changed", s.changed, YELLOW) + " "
                    + count("unreachable", s.unreachable, BRIGHT_RED) + " "
                    + count("failed", s.failed, RED) + " "
                    + count("skipped", s.skipped, CYAN) + " "
                    + count("rescued", s.rescued, GREEN) + " "
                    + count("ignored", s.ignored, PURPLE) + " ");
        }
        line("");
        if (verbosity >= 1) {
            line("Elapsed: " + String.format("%.2f", elapsedMillis / 1000.0) + " s");
        }
    }

    private String count(String name, int n, String code) {
        String text = name + "=" + padRight(Integer.toString(n), 4);
        return n > 0 ? c(code, text) : text;
    }

    /**
     * The text padded with spaces to {@code width}, as {@code %-Ns} does, without {@link String#format}:
     * its parser and regular expressions are a short run's only use of them, at every recap.
     */
    static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}

package io.mm2dr.engine.report;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.Stats;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.output.PyJson;
import io.mm2dr.engine.yaml.SourcePos;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * {@code --report-junit FILE}: one test suite per play, one test case per task and host (per loop
 * item for loops, named as Ansible shows the item), failures as failures (ignored ones, and ones a
 * block's rescue handled, as passing, with their message in system-out), skipped tasks as skipped. What stopped the run without being
 * a task result (a playbook that does not parse, bad options, an interruption...), and any other
 * non-zero exit code no test case failed for, is a failing test case of the suite {@code run}: a CI
 * stage sees every failure, with its message.
 *
 * <p>The XML validates against the strict schema of the Jenkins xunit plugin ({@code junit-10.xsd}):
 * a test case carries only name, classname and time, so where a task is ({@code task path:
 * FILE:LINE}, relative to the working directory) is the first line of its system-out and failure
 * text, and the playbook is the suite's {@code file} and {@code playbook} property; timestamps are
 * UTC to the second ({@code 2025-01-31T12:00:00Z}).
 */
public final class JUnitReport extends RunRecorder {
    private final Path file;

    public JUnitReport(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void runEnd(Stats stats, long elapsedMillis, int exitCode) {
        super.runEnd(stats, elapsedMillis, exitCode);
        writeAtomically(file, toXml(), "JUnit report");
    }

    /** Counts of one suite. */
    private static final class Counts {
        int tests;
        int failures;
        int skipped;
    }

    public synchronized String toXml() {
        StringBuilder suites = new StringBuilder();
        Counts all = new Counts();
        int index = 0;
        for (PlayRecord p : plays) {
            index++;
            String suiteName = p.name().isEmpty() ? "play " + index : p.name();
            StringBuilder cases = new StringBuilder();
            Counts c = new Counts();
            double playTime = 0;
            for (TaskRecord task : p.tasks()) {
                String where = task.info().pos() == null || task.info().pos().file() == null ? null
                        : "task path: " + path(task.info().pos().file()) + ":" + task.info().pos().line();
                for (HostResult r : task.results()) {
                    playTime += r.durationMillis() / 1000.0;
                    String name = task.info().name() + (p.hosts().size() > 1 ? " [" + r.host() + "]" : "");
                    boolean handled = rescued(r);
                    boolean itemFailed = false;
                    for (HostResult item : items(r)) {
                        itemFailed |= testCase(cases, c, suiteName, name + " (item=" + item.itemLabel() + ")", item, where, handled);
                    }
                    if (items(r).isEmpty() || failing(r, handled) && !itemFailed) {
                        testCase(cases, c, suiteName, name, r, where, handled);
                    }
                }
            }
            add(all, c);
            suites.append("  <testsuite name=\"").append(esc(suiteName)).append("\" tests=\"").append(c.tests)
                    .append("\" failures=\"").append(c.failures).append("\" errors=\"0\" skipped=\"").append(c.skipped)
                    .append("\" time=\"").append(seconds(playTime)).append("\" timestamp=\"").append(timestamp(p.started()))
                    .append("\"").append(p.playbook() == null ? "" : " file=\"" + esc(path(p.playbook())) + "\"").append(">\n");
            suites.append("    <properties>\n");
            if (p.playbook() != null) {
                property(suites, "playbook", path(p.playbook()));
            }
            property(suites, "hosts", String.join(", ", p.hosts()));
            suites.append("    </properties>\n").append(cases).append("  </testsuite>\n");
        }
        runSuite(suites, all);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"runner\" tests=\"" + all.tests + "\" failures=\""
                + all.failures + "\" errors=\"0\" time=\"" + seconds(elapsedMillis / 1000.0) + "\">\n" + suites + "</testsuites>\n";
    }

    /**
     * The suite {@code run}: one failing test case per error that stopped the run, or one for a
     * non-zero exit code no test case failed for (or one passing case when nothing else is there,
     * so that a report is never empty).
     */
    private void runSuite(StringBuilder suites, Counts all) {
        List<String> messages = errors;
        // an interruption is said even when the task it stopped failed: what came after never ran
        boolean failing = !errors.isEmpty() || exitCode != 0 && (all.failures == 0 || exitCode == 99);
        if (!failing && all.tests > 0) {
            return;
        }
        if (errors.isEmpty() && exitCode != 0) {
            String last = warnings.isEmpty() ? "" : ": " + warnings.get(warnings.size() - 1);
            messages = List.of("the run ended with exit code " + exitCode + " (" + exitMeaning(exitCode) + ")" + last);
        }
        StringBuilder cases = new StringBuilder();
        String type = switch (exitCode) {
            case 2 -> "failed";
            case 3 -> "unreachable";
            case 4 -> "parse-error";
            case 5 -> "usage-error";
            case 99 -> "interrupted";
            default -> "error";
        };
        for (String m : failing ? messages : List.of("exit code 0 (success)")) {
            cases.append("    <testcase classname=\"run\" name=\"").append(esc(exitMeaning(exitCode))).append("\" time=\"0.000\">\n");
            if (failing) {
                cases.append("      <failure message=\"").append(esc(m)).append("\" type=\"").append(esc(type)).append("\">")
                        .append(esc(m + "\nexit code " + exitCode + " (" + exitMeaning(exitCode) + ")")).append("</failure>\n");
            } else {
                cases.append("      <system-out>").append(esc(m)).append("</system-out>\n");
            }
            cases.append("    </testcase>\n");
        }
        int n = failing ? messages.size() : 1;
        all.tests += n;
        all.failures += failing ? n : 0;
        suites.append("  <testsuite name=\"run\" tests=\"").append(n).append("\" failures=\"").append(failing ? n : 0)
                .append("\" errors=\"0\" skipped=\"0\" time=\"").append(seconds(elapsedMillis / 1000.0)).append("\" timestamp=\"")
                .append(timestamp(started)).append("\">\n").append(cases).append("  </testsuite>\n");
    }

    private static boolean failing(HostResult r, boolean rescued) {
        return r.status() == Status.FAILED && !r.ignored() && !rescued || r.status() == Status.UNREACHABLE;
    }

    /** Appends one test case; true when it fails ({@code rescued}: a block's rescue handled its failure). */
    private static boolean testCase(StringBuilder cases, Counts c, String classname, String name, HostResult r, String where,
                                    boolean rescued) {
        c.tests++;
        cases.append("    <testcase classname=\"").append(esc(classname)).append("\" name=\"").append(esc(name))
                .append("\" time=\"").append(seconds(r.durationMillis() / 1000.0)).append("\">\n");
        String msg = r.msg() == null ? r.status().name().toLowerCase(Locale.ROOT) : r.msg();
        String prefix = where == null ? "" : where + "\n";
        boolean failing = failing(r, rescued);
        if (failing) {
            c.failures++;
            cases.append("      <failure message=\"").append(esc(msg)).append("\" type=\"")
                    .append(r.status() == Status.UNREACHABLE ? "unreachable" : "failed").append("\">")
                    .append(esc(prefix + PyJson.indented(r.result()))).append("</failure>\n");
        } else if (r.status() == Status.SKIPPED) {
            c.skipped++;
            cases.append("      <skipped message=\"").append(esc(msg)).append("\"/>\n");
        }
        if (!failing) {
            cases.append("      <system-out>").append(esc(prefix + r.status().name().toLowerCase(Locale.ROOT)
                    + (r.ignored() ? " (failure ignored: " + msg + ")" : r.failed() && rescued ? " (rescued: " + msg + ")" : "")))
                    .append("</system-out>\n");
        }
        cases.append("    </testcase>\n");
        return failing;
    }

    private static void add(Counts all, Counts c) {
        all.tests += c.tests;
        all.failures += c.failures;
        all.skipped += c.skipped;
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append("      <property name=\"").append(esc(name)).append("\" value=\"").append(esc(value)).append("\"/>\n");
    }

    /** A path relative to the working directory when it is below it (else absolute), as CI tools link it. */
    static String path(Path p) {
        return SourcePos.displayPath(p);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** ISO 8601 in UTC to the second: {@code 2025-01-31T12:00:00Z}. */
    static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> {
                    if (c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}

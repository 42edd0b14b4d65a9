package io.mm2dr.engine.report;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.Stats;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.output.PyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code --report-junit FILE}: one test suite per play, one test case per task and host,
 * failures as failures (ignored ones as passing, with their message in system-out), skipped
 * tasks as skipped. Errors that stopped the run are an extra failing test case.
 */
public final class JUnitReport extends RunRecorder {
    private final Path file;

    public JUnitReport(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void runEnd(Stats stats, long elapsedMillis, int exitCode) {
        super.runEnd(stats, elapsedMillis, exitCode);
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, toXml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized String toXml() {
        StringBuilder suites = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        int index = 0;
        for (PlayRecord p : plays) {
            index++;
            StringBuilder cases = new StringBuilder();
            int t = 0;
            int f = 0;
            int s = 0;
            double playTime = 0;
            for (TaskRecord task : p.tasks()) {
                for (HostResult r : task.results()) {
                    t++;
                    double seconds = r.durationMillis() / 1000.0;
                    playTime += seconds;
                    String name = task.info().name() + (p.hosts().size() > 1 ? " [" + r.host() + "]" : "");
                    cases.append("    <testcase classname=\"").append(esc(p.name().isEmpty() ? "play " + index : p.name()))
                            .append("\" name=\"").append(esc(name)).append("\" time=\"")
                            .append(String.format(Locale.ROOT, "%.3f", seconds)).append("\"");
                    if (task.info().pos() != null && task.info().pos().file() != null) {
                        cases.append(" file=\"").append(esc(task.info().pos().file().toString())).append("\" line=\"")
                                .append(task.info().pos().line()).append("\"");
                    }
                    cases.append(">\n");
                    String msg = r.msg() == null ? r.status().name().toLowerCase() : r.msg();
                    if ((r.status() == Status.FAILED && !r.ignored()) || r.status() == Status.UNREACHABLE) {
                        f++;
                        cases.append("      <failure message=\"").append(esc(msg)).append("\" type=\"")
                                .append(r.status() == Status.UNREACHABLE ? "unreachable" : "failed").append("\">")
                                .append(esc(PyJson.indented(r.result()))).append("</failure>\n");
                    } else if (r.status() == Status.SKIPPED) {
                        s++;
                        cases.append("      <skipped message=\"").append(esc(msg)).append("\"/>\n");
                    } else {
                        cases.append("      <system-out>").append(esc(r.status().name().toLowerCase()
                                + (r.ignored() ? " (failure ignored: " + msg + ")" : ""))).append("</system-out>\n");
                    }
                    cases.append("    </testcase>\n");
                }
            }
            tests += t;
            failures += f;
            skipped += s;
            suites.append("  <testsuite name=\"").append(esc(p.name().isEmpty() ? "play " + index : p.name()))
                    .append("\" tests=\"").append(t).append("\" failures=\"").append(f).append("\" errors=\"0\" skipped=\"")
                    .append(s).append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", playTime)).append("\" timestamp=\"")
                    .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(p.started().atOffset(ZoneOffset.UTC)))
                    .append("\">\n").append(cases).append("  </testsuite>\n");
        }
        int errorCount = errors.size();
        if (errorCount > 0) {
            suites.append("  <testsuite name=\"run\" tests=\"").append(errorCount).append("\" failures=\"0\" errors=\"")
                    .append(errorCount).append("\" skipped=\"0\">\n");
            for (String e : errors) {
                suites.append("    <testcase classname=\"run\" name=\"playbook error\">\n      <error message=\"")
                        .append(esc(e)).append("\"/>\n    </testcase>\n");
            }
            suites.append("  </testsuite>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"runner\" tests=\"" + (tests + errorCount)
                + "\" failures=\"" + failures + "\" errors=\"" + errorCount + "\" skipped=\"" + skipped + "\" time=\""
                + String.format(Locale.ROOT, "%.3f", elapsedMillis / 1000.0) + "\">\n" + suites + "</testsuites>\n";
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
                    if (c < 0x20 && c != '\t') {
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

package io.mm2dr.engine.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mm2dr.engine.event.HostResult;
import io.mm2dr.engine.event.Status;
import io.mm2dr.engine.event.TaskInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A result that asks for a summary ({@link HostResult#SUMMARY_KEY}: mirror_compare, drill_report)
 * shows its msg on its status line without -v, as one line; with -v the whole result, as any other
 * result; a failure shows the whole result at every verbosity, as ansible-playbook does.
 */
class ConsoleSummaryTest {
    static final TaskInfo TASK = new TaskInfo(1, "compare", "mirror_compare", null, "play", false);

    static String print(int verbosity, HostResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        ConsoleOutput console = new ConsoleOutput(ps, ps, false, false, verbosity);
        if (r.itemLabel() != null) {
            console.itemResult(TASK, r);
        } else {
            console.taskResult(TASK, r);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static HostResult result(Status status, boolean summary, String item, String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", status == Status.CHANGED);
        m.put("msg", msg);
        m.put("restored_records", 600);
        return new HostResult("localhost", status, false, item, m, List.of(), 5, false, msg, summary);
    }

    @Test
    void oneLineWithoutVerboseTheWholeResultWithIt() {
        String msg = "restore complete: 600 records in 1 topic (3 partitions), the same on both sides";
        assertEquals("ok: [localhost] => " + msg + "\n", print(0, result(Status.OK, true, null, msg)));
        assertEquals("changed: [localhost] => " + msg + "\n", print(0, result(Status.CHANGED, true, null, msg)));
        assertEquals("ok: [localhost] => {\"changed\": false, \"msg\": \"" + msg + "\", \"restored_records\": 600}\n",
                print(1, result(Status.OK, true, null, msg)));
        assertEquals("ok: [localhost] => (item=a) => " + msg + "\n", print(0, result(Status.OK, true, "a", msg)));
    }

    @Test
    void onlyWhenAskedAndAlwaysOneLine() {
        assertEquals("ok: [localhost]\n", print(0, result(Status.OK, false, null, "no summary asked for")));
        assertEquals("ok: [localhost] => data lost: 40 record(s) recovery: 83 s\n",
                print(0, result(Status.OK, true, null, "data lost: 40 record(s)\n  recovery: 83 s\n")), "a msg of several lines is joined");
        assertEquals("ok: [localhost]\n", print(0, result(Status.OK, true, null, " ")), "nothing to sum up");
    }

    @Test
    void aFailureShowsTheWholeResult() {
        assertEquals("fatal: [localhost]: FAILED! => {\"changed\": false, \"msg\": \"restore not complete\", \"restored_records\": 600}\n",
                print(0, result(Status.FAILED, true, null, "restore not complete")));
    }
}

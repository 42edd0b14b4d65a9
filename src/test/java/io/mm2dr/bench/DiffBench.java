package io.mm2dr.bench;

import io.mm2dr.engine.output.LineDiff;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * --diff's cost on a large file: the unified diff of a 10,000-line file (default) with 1% of its
 * lines changed, inserted or removed here and there (a typical edit), and with every line changed
 * (the worst case for the Myers algorithm); for each, the median time of 5 runs after warm-up, the
 * bytes allocated by one diff, and the peak heap during it (garbage included). The quadratic LCS
 * it replaced needed an n x m int matrix: about 400 MB for 10,000 lines. Run with:
 *
 * <pre>mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mm2dr.bench.DiffBench [-Dexec.args=10000]</pre>
 */
public final class DiffBench {
    private DiffBench() {
    }

    public static void main(String[] args) {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Random random = new Random(42);
        List<String> before = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            before.add("key." + i + " = value " + random.nextInt(1_000_000));
        }
        List<String> edited = new ArrayList<>(before);
        for (int e = 0; e < lines / 100; e++) {
            int at = random.nextInt(edited.size());
            switch (e % 3) {
                case 0 -> edited.set(at, edited.get(at) + " # changed");
                case 1 -> edited.add(at, "inserted." + e + " = true");
                default -> edited.remove(at);
            }
        }
        List<String> rewritten = new ArrayList<>();
        for (String l : before) {
            rewritten.add(l.replace("value", "other"));
        }
        String a = String.join("\n", before);
        System.out.printf(Locale.ROOT, "LineDiff of a %,d-line file (%.1f MB); the quadratic LCS it replaced: a %,.0f MB matrix%n",
                lines, a.length() / 1e6, (lines + 1.0) * (lines + 1.0) * 4 / 1e6);
        run("1% of the lines edited", a, String.join("\n", edited));
        run("every line changed", a, String.join("\n", rewritten));
    }

    private static void run(String what, String a, String b) {
        for (int i = 0; i < 3; i++) {
            LineDiff.unified(a, b, "before", "after", 3); // warm-up
        }
        long[] times = new long[5];
        int size = 0;
        for (int i = 0; i < times.length; i++) {
            long t = System.nanoTime();
            size = LineDiff.unified(a, b, "before", "after", 3).size();
            times[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(times);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = threads.getCurrentThreadAllocatedBytes();
        LineDiff.unified(a, b, "before", "after", 3);
        allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
        System.out.printf(Locale.ROOT, "  %-24s %,7d diff lines: %,8.1f ms (median of 5), %,6.1f MB allocated in all%n",
                what, size, times[times.length / 2] / 1e6, allocated / 1e6);
    }
}

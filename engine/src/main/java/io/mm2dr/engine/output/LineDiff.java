package io.mm2dr.engine.output;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.myers.MeyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff of two texts, as shown by --diff (the format of ansible-playbook's, which is
 * Python difflib's: removed lines before added ones, {@code context} lines around each change,
 * hunks closer than twice that merged). The lines that differ come from java-diff-utils' Myers
 * algorithm in linear space, so memory grows with the texts, not with their product (a
 * 10,000-line file: see {@code DiffBench} in the README).
 */
public final class LineDiff {
    private LineDiff() {
    }

    public static List<String> unified(String before, String after, String beforeName, String afterName, int context) {
        List<String> a = before.isEmpty() ? List.of() : Arrays.asList(before.split("\n", -1));
        List<String> b = after.isEmpty() ? List.of() : Arrays.asList(after.split("\n", -1));
        List<String> ops = operations(a, b);
        List<String> out = new ArrayList<>();
        out.add("--- " + beforeName);
        out.add("+++ " + afterName);
        boolean[] keep = new boolean[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).charAt(0) != ' ') {
                for (int c = Math.max(0, k - context); c <= Math.min(ops.size() - 1, k + context); c++) {
                    keep[c] = true;
                }
            }
        }
        int ai = 1;
        int bi = 1;
        int k = 0;
        while (k < ops.size()) {
            if (!keep[k]) {
                char c = ops.get(k).charAt(0);
                if (c != '+') {
                    ai++;
                }
                if (c != '-') {
                    bi++;
                }
                k++;
                continue;
            }
            int aStart = ai;
            int bStart = bi;
            int aCount = 0;
            int bCount = 0;
            List<String> hunk = new ArrayList<>();
            while (k < ops.size() && keep[k]) {
                String op = ops.get(k);
                char c = op.charAt(0);
                if (c != '+') {
                    ai++;
                    aCount++;
                }
                if (c != '-') {
                    bi++;
                    bCount++;
                }
                hunk.add(op);
                k++;
            }
            out.add("@@ -" + aStart + "," + aCount + " +" + bStart + "," + bCount + " @@");
            out.addAll(hunk);
        }
        return out;
    }

    /** Every line of both texts in order, marked " " (in both), "-" (before only) or "+" (after only). */
    static List<String> operations(List<String> a, List<String> b) {
        List<String> ops = new ArrayList<>(Math.max(a.size(), b.size()) + 16);
        List<String> added = new ArrayList<>();
        int i = 0;
        for (AbstractDelta<String> d : DiffUtils.diff(a, b, new MeyersDiffWithLinearSpace<String>(), null).getDeltas()) {
            if (i < d.getSource().getPosition()) {
                flush(ops, added);
            }
            for (; i < d.getSource().getPosition(); i++) {
                ops.add(" " + a.get(i));
            }
            // a change may come as an insertion and a deletion next to each other: every removed line
            // of a change before its added ones, as difflib (and so ansible-playbook) prints them
            for (String l : d.getSource().getLines()) {
                ops.add("-" + l);
            }
            for (String l : d.getTarget().getLines()) {
                added.add("+" + l);
            }
            i += d.getSource().size();
        }
        flush(ops, added);
        for (; i < a.size(); i++) {
            ops.add(" " + a.get(i));
        }
        return ops;
    }

    private static void flush(List<String> ops, List<String> added) {
        ops.addAll(added);
        added.clear();
    }
}

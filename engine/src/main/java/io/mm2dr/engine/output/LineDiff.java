package io.mm2dr.engine.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A unified diff of two texts, as shown by --diff. */
public final class LineDiff {
    private LineDiff() {
    }

    public static List<String> unified(String before, String after, String beforeName, String afterName, int context) {
        List<String> a = before.isEmpty() ? List.of() : Arrays.asList(before.split("\n", -1));
        List<String> b = after.isEmpty() ? List.of() : Arrays.asList(after.split("\n", -1));
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(" " + a.get(i));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // removed lines before added ones, as difflib (and so ansible-playbook) prints them
                ops.add("-" + a.get(i));
                i++;
            } else {
                ops.add("+" + b.get(j));
                j++;
            }
        }
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
            int start = k;
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
            if (start == k) {
                k++;
            }
        }
        return out;
    }
}

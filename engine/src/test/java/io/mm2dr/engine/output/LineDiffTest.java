package io.mm2dr.engine.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * --diff's unified diff: the format of ansible-playbook's (difflib's, with removed lines before
 * added ones, three lines of context, close hunks merged), and diffs that are minimal and exact:
 * for random texts the lines marked removed and added are as few as a longest common subsequence
 * allows, and the diff turns the text before into the text after.
 */
class LineDiffTest {
    static String lines(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i <= to; i++) {
            s.append("line ").append(i).append(i < to ? "\n" : "");
        }
        return s.toString();
    }

    @Test
    void theFormatOfAnsiblePlaybooksDiff() {
        assertEquals(List.of("--- before", "+++ after: /etc/x", "@@ -1,0 +1,2 @@", "+a", "+b"),
                LineDiff.unified("", "a\nb", "before", "after: /etc/x", 3), "a new file");
        String before = lines(1, 20);
        String after = before.replace("line 10", "line ten").replace("line 2\n", "");
        assertEquals(List.of("--- before", "+++ after",
                "@@ -1,5 +1,4 @@", " line 1", "-line 2", " line 3", " line 4", " line 5",
                "@@ -7,7 +6,7 @@", " line 7", " line 8", " line 9", "-line 10", "+line ten", " line 11", " line 12", " line 13"),
                LineDiff.unified(before, after, "before", "after", 3), "changes seven lines apart: two hunks");
        String near = before.replace("line 10", "line ten").replace("line 4\n", "");
        assertEquals(List.of("--- before", "+++ after",
                "@@ -1,13 +1,12 @@", " line 1", " line 2", " line 3", "-line 4", " line 5", " line 6", " line 7", " line 8", " line 9",
                "-line 10", "+line ten", " line 11", " line 12", " line 13"),
                LineDiff.unified(before, near, "before", "after", 3), "changes six lines apart: one hunk");
        String far = before.replace("line 3\n", "line three\n").replace("line 17", "line seventeen");
        assertEquals(List.of("--- before", "+++ after",
                "@@ -1,6 +1,6 @@", " line 1", " line 2", "-line 3", "+line three", " line 4", " line 5", " line 6",
                "@@ -14,7 +14,7 @@", " line 14", " line 15", " line 16", "-line 17", "+line seventeen", " line 18", " line 19", " line 20"),
                LineDiff.unified(before, far, "before", "after", 3), "changes far apart: two hunks");
        assertEquals(List.of("--- a", "+++ b", "@@ -1,2 +1,3 @@", "-x = 1", "+x = 2", "+y = 3", " end"),
                LineDiff.unified("x = 1\nend", "x = 2\ny = 3\nend", "a", "b", 3), "removed before added");
        assertEquals(List.of("--- a", "+++ b"), LineDiff.unified("same\ntext", "same\ntext", "a", "b", 3), "no change, no hunk");
    }

    @Test
    void minimalAndExactOnRandomTexts() {
        Random random = new Random(20261129L);
        for (int round = 0; round < 300; round++) {
            List<String> a = randomLines(random);
            List<String> b = randomLines(random);
            List<String> ops = LineDiff.operations(a, b);
            List<String> rebuiltA = new ArrayList<>();
            List<String> rebuiltB = new ArrayList<>();
            int changed = 0;
            for (String op : ops) {
                if (op.charAt(0) != '+') {
                    rebuiltA.add(op.substring(1));
                }
                if (op.charAt(0) != '-') {
                    rebuiltB.add(op.substring(1));
                }
                changed += op.charAt(0) == ' ' ? 0 : 1;
            }
            for (int k = 1; k < ops.size(); k++) {
                assertEquals(false, ops.get(k - 1).charAt(0) == '+' && ops.get(k).charAt(0) == '-',
                        "removed lines before added ones, round " + round + ": " + ops);
            }
            assertEquals(a, rebuiltA, "round " + round);
            assertEquals(b, rebuiltB, "round " + round);
            assertEquals(a.size() + b.size() - 2 * lcs(a, b), changed, "minimal, round " + round + ": " + a + " -> " + b);
        }
    }

    static List<String> randomLines(Random random) {
        List<String> out = new ArrayList<>();
        int n = random.nextInt(25);
        for (int i = 0; i < n; i++) {
            out.add(String.valueOf((char) ('a' + random.nextInt(4))));
        }
        return out;
    }

    /** The length of a longest common subsequence, the quadratic way (small texts only). */
    static int lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }
}

package io.mm2dr.engine.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@link PlainScalars} against SnakeYAML's own {@code Resolver}, the expectation: every string of the
 * characters numbers, timestamps and words are made of up to five long, valid timestamps, numbers
 * and words mutated at random, the YAML 1.1 type pages' examples, and the length limits.
 */
class PlainScalarsTest {
    private static final Resolver SNAKEYAML = new Resolver();

    private static PlainScalars.Kind theirs(String v) {
        return ComposedDocuments.kind(SNAKEYAML.resolve(NodeId.scalar, v, true));
    }

    /** Compares every string; returns how many of each kind SnakeYAML told, so a test can show it covered them. */
    private static int[] compare(Iterable<String> values) {
        int[] kinds = new int[PlainScalars.Kind.values().length];
        List<String> wrong = new ArrayList<>();
        for (String v : values) {
            PlainScalars.Kind expected = theirs(v);
            kinds[expected.ordinal()]++;
            if (PlainScalars.resolve(v) != expected && wrong.size() < 20) {
                wrong.add("'" + v + "': SnakeYAML " + expected + ", ours " + PlainScalars.resolve(v));
            }
        }
        assertEquals(List.of(), wrong);
        return kinds;
    }

    private static void allStrings(String alphabet, int maxLength, StringBuilder prefix, List<String> out) {
        out.add(prefix.toString());
        if (prefix.length() == maxLength) {
            return;
        }
        for (int i = 0; i < alphabet.length(); i++) {
            prefix.append(alphabet.charAt(i));
            allStrings(alphabet, maxLength, prefix, out);
            prefix.setLength(prefix.length() - 1);
        }
    }

    @Test
    void everyShortStringOfNumbersCharacters() {
        List<String> all = new ArrayList<>();
        allStrings("0179-+._:eEbxaF", 5, new StringBuilder(), all);
        int[] kinds = compare(all);
        assertTrue(kinds[PlainScalars.Kind.INT.ordinal()] > 1000 && kinds[PlainScalars.Kind.FLOAT.ordinal()] > 1000,
                "ints and floats among them");
    }

    @Test
    void everyShortStringOfWordsCharacters() {
        List<String> all = new ArrayList<>();
        allStrings("nNuUlLyYeEsSoOfF~<!. ", 4, new StringBuilder(), all);
        int[] kinds = compare(all);
        assertTrue(kinds[PlainScalars.Kind.NULL.ordinal()] > 2 && kinds[PlainScalars.Kind.BOOL.ordinal()] > 5
                && kinds[PlainScalars.Kind.OTHER.ordinal()] > 0, "nulls, booleans and others among them");
    }

    @Test
    void mutatedTimestampsNumbersAndWords() {
        String[] seeds = {"2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z",
            "2002-12-14", "2001-1-1 1:02:03", "2001-12-14\t21:59:43.10\tZ", "2001-12-14T21:59:43+05:30",
            "685230.15", "6.8523015e+5", "685.230_15e+03", "685_230.15", "190:20:30.15", "-.inf", ".NaN", "0b1010_0111", "02472256",
            "0x_0A_74_AE", "685_230", "190:20:30", "+12_345", "1e10", "._5", "true", "Off", "NULL", "~", "<<", "yes"};
        String noise = "0123456789-+.:_eETtZ \tabxo";
        Random random = new Random(20261130);
        List<String> values = new ArrayList<>();
        for (String seed : seeds) {
            values.add(seed);
            for (int i = 0; i < 4000; i++) {
                StringBuilder s = new StringBuilder(seed);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(s.length() + 1);
                    char c = noise.charAt(random.nextInt(noise.length()));
                    switch (random.nextInt(3)) {
                        case 0 -> s.insert(at, c);
                        case 1 -> {
                            if (at < s.length()) {
                                s.deleteCharAt(at);
                            }
                        }
                        default -> {
                            if (at < s.length()) {
                                s.setCharAt(at, c);
                            }
                        }
                    }
                }
                values.add(s.toString());
            }
        }
        int[] kinds = compare(values);
        assertTrue(kinds[PlainScalars.Kind.OTHER.ordinal()] > 1000, "timestamps among them");
    }

    @Test
    void theLengthLimits() {
        List<String> values = new ArrayList<>();
        for (int n : new int[] {1022, 1023, 1024, 1025, 1026}) {
            values.add("1".repeat(n));
            values.add("-" + "1".repeat(n - 1));
            values.add("0b" + "1".repeat(n - 2));
            values.add("1." + "5".repeat(n - 2));
            values.add("." + "5".repeat(n - 1));
        }
        for (int n = 44; n <= 56; n++) {
            String base = "2001-12-14T21:59:43.";
            values.add(base + "1".repeat(n - base.length()));
            values.add(base + "1".repeat(Math.max(0, n - base.length() - 1)) + "Z");
        }
        values.add("2001-12-14T21:59:43.1" + " ".repeat(30) + "Z");
        compare(values);
    }
}

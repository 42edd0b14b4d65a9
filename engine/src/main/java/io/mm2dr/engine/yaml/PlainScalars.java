package io.mm2dr.engine.yaml;

/**
 * The YAML 1.1 type of a plain (unquoted, untagged) scalar, as SnakeYAML's {@code Resolver} tells
 * it: the same patterns, tried in the same order for the same first characters, with the same length
 * limits, written out as code rather than regular expressions. Compiling the resolver's expressions,
 * and its {@code Tag} class (whose set-up loads {@code java.sql}), cost every run of the runner about
 * 15 ms before its first task; a file that needs SnakeYAML's composer (anchors, merge keys, tags,
 * duplicate keys) still goes through it. {@code PlainScalarsTest} compares the two on every string of
 * the characters that matter up to five long, on random longer ones and on YAML 1.1's own examples.
 */
final class PlainScalars {
    /** What a plain scalar reads as; {@link #OTHER} is one kept as its text (timestamps, {@code <<}, {@code !}). */
    enum Kind {
        NULL, BOOL, INT, FLOAT, STR, OTHER
    }

    /** SnakeYAML's limits: a longer scalar of that kind is a string. */
    private static final int BOOL_LIMIT = 10;
    private static final int NUMBER_LIMIT = 1024;
    private static final int NULL_LIMIT = 10;
    private static final int TIMESTAMP_LIMIT = 50;

    private PlainScalars() {
    }

    static Kind resolve(String v) {
        int n = v.length();
        if (n == 0) {
            return Kind.NULL;
        }
        char c = v.charAt(0);
        switch (c) {
            case 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O' -> {
                if (n <= BOOL_LIMIT && isBool(v)) {
                    return Kind.BOOL;
                }
            }
            case '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                if (c != '.' && n <= NUMBER_LIMIT && isInt(v)) {
                    return Kind.INT;
                }
                if (n <= NUMBER_LIMIT && isFloat(v)) {
                    return Kind.FLOAT;
                }
                if (c >= '0' && c <= '9' && n <= TIMESTAMP_LIMIT && isTimestamp(v)) {
                    return Kind.OTHER;
                }
            }
            case '<' -> {
                if (v.equals("<<")) {
                    return Kind.OTHER;
                }
            }
            case '!', '&', '*' -> {
                if (n == 1) {
                    return Kind.OTHER;
                }
            }
            default -> {
            }
        }
        // the resolvers for any first character: null words, and the empty scalar (above)
        if (n <= NULL_LIMIT && isNull(v)) {
            return Kind.NULL;
        }
        return Kind.STR;
    }

    /** Whether a plain scalar is a merge key ({@code <<}), which only SnakeYAML's composer applies. */
    static boolean isMergeKey(String v) {
        return v.equals("<<");
    }

    private static boolean isBool(String v) {
        switch (v) {
            case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                    "on", "On", "ON", "off", "Off", "OFF" -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean isNull(String v) {
        return v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL") || v.equals(" ");
    }

    /** {@code [-+]?(0b[01_]* | 0[0-7_]* | 0 | [1-9][0-9_]* | 0x[0-9a-fA-F_]* | [1-9][0-9_]*(:[0-5]?[0-9])+)}, each with a digit. */
    static boolean isInt(String v) {
        int n = v.length();
        int i = sign(v, 0);
        if (i >= n) {
            return false;
        }
        char c = v.charAt(i);
        if (c == '0') {
            if (i + 1 == n) {
                return true;
            }
            char d = v.charAt(i + 1);
            if (d == 'b') {
                return digitsAndUnderscores(v, i + 2, 2);
            }
            if (d == 'x') {
                return digitsAndUnderscores(v, i + 2, 16);
            }
            return digitsAndUnderscores(v, i + 1, 8);
        }
        if (c < '1' || c > '9') {
            return false;
        }
        int j = decimalRun(v, i + 1);
        return j == n || sexagesimal(v, j) == n;
    }

    /**
     * {@code [-+]?} followed by {@code [0-9][0-9_]*\.[0-9_]*(E)?}, {@code [0-9][0-9_]*E},
     * {@code \.[0-9_]+(E)?}, {@code [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*} or {@code \.(inf|Inf|INF)};
     * or {@code \.(nan|NaN|NAN)}, E being {@code [eE][-+]?[0-9]+}.
     */
    static boolean isFloat(String v) {
        int n = v.length();
        if (v.equals(".nan") || v.equals(".NaN") || v.equals(".NAN")) {
            return true;
        }
        int i = sign(v, 0);
        if (i >= n) {
            return false;
        }
        char c = v.charAt(i);
        if (c == '.') {
            if (n - i == 4 && (v.endsWith("inf") || v.endsWith("Inf") || v.endsWith("INF"))) {
                return true;
            }
            int j = decimalRun(v, i + 1);
            return j > i + 1 && (j == n || exponent(v, j) == n);
        }
        if (c < '0' || c > '9') {
            return false;
        }
        int j = decimalRun(v, i + 1);
        if (j == n) {
            return false;
        }
        char d = v.charAt(j);
        if (d == '.') {
            int k = decimalRun(v, j + 1);
            return k == n || exponent(v, k) == n;
        }
        if (d == 'e' || d == 'E') {
            return exponent(v, j) == n;
        }
        if (d == ':') {
            int k = sexagesimal(v, j);
            return k > 0 && k < n && v.charAt(k) == '.' && decimalRun(v, k + 1) == n;
        }
        return false;
    }

    /**
     * {@code [0-9]{4}-[0-9]{2}-[0-9]{2}}, or {@code [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}} then {@code [Tt]}
     * or blanks, {@code [0-9]{1,2}:[0-9]{2}:[0-9]{2}}, an optional fraction and an optional zone
     * ({@code [ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?)}).
     */
    static boolean isTimestamp(String v) {
        int n = v.length();
        if (n < 8 || digits(v, 0) != 4 || v.charAt(4) != '-') {
            return false;
        }
        int month = digits(v, 5);
        int j = 5 + month;
        if (month < 1 || month > 2 || j >= n || v.charAt(j) != '-') {
            return false;
        }
        int day = digits(v, j + 1);
        j += 1 + day;
        if (day < 1 || day > 2) {
            return false;
        }
        if (j == n) {
            return month == 2 && day == 2;
        }
        char s = v.charAt(j);
        if (s == 'T' || s == 't') {
            j++;
        } else if (s == ' ' || s == '\t') {
            j = blanks(v, j);
        } else {
            return false;
        }
        int hour = digits(v, j);
        j += hour;
        if (hour < 1 || hour > 2 || j >= n || v.charAt(j) != ':' || digits(v, j + 1) != 2) {
            return false;
        }
        j += 3;
        if (j >= n || v.charAt(j) != ':' || digits(v, j + 1) != 2) {
            return false;
        }
        j += 3;
        if (j < n && v.charAt(j) == '.') {
            j += 1 + digits(v, j + 1);
        }
        if (j == n) {
            return true;
        }
        j = blanks(v, j);
        if (j >= n) {
            return false;
        }
        char z = v.charAt(j);
        if (z == 'Z') {
            return j + 1 == n;
        }
        if (z != '-' && z != '+') {
            return false;
        }
        int zoneHour = digits(v, j + 1);
        j += 1 + zoneHour;
        if (zoneHour < 1 || zoneHour > 2) {
            return false;
        }
        return j == n || (v.charAt(j) == ':' && digits(v, j + 1) == 2 && j + 3 == n);
    }

    private static int sign(String v, int i) {
        return i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+') ? i + 1 : i;
    }

    /** Whether {@code v} from {@code from} is only digits of that radix and underscores, with at least one digit. */
    private static boolean digitsAndUnderscores(String v, int from, int radix) {
        boolean digit = false;
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '_') {
                continue;
            }
            boolean ok = radix == 16 ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    : c >= '0' && c < '0' + radix;
            if (!ok) {
                return false;
            }
            digit = true;
        }
        return digit;
    }

    /** The end of a run of {@code [0-9_]} from {@code from}. */
    private static int decimalRun(String v, int from) {
        int i = from;
        while (i < v.length() && (v.charAt(i) == '_' || (v.charAt(i) >= '0' && v.charAt(i) <= '9'))) {
            i++;
        }
        return i;
    }

    /** How many ASCII digits there are from {@code from}. */
    private static int digits(String v, int from) {
        int i = from;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private static int blanks(String v, int from) {
        int i = from;
        while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The end of {@code (:[0-5]?[0-9])+} from {@code from}, or -1 when there is none there. */
    private static int sexagesimal(String v, int from) {
        int i = from;
        int groups = 0;
        while (i < v.length() && v.charAt(i) == ':') {
            int d = digits(v, i + 1);
            if (d == 1 || (d == 2 && v.charAt(i + 1) <= '5')) {
                i += 1 + d;
                groups++;
            } else {
                return -1;
            }
        }
        return groups == 0 ? -1 : i;
    }

    /** The end of {@code [eE][-+]?[0-9]+} from {@code from}, or -1 when there is none there. */
    private static int exponent(String v, int from) {
        if (from >= v.length() || (v.charAt(from) != 'e' && v.charAt(from) != 'E')) {
            return -1;
        }
        int i = sign(v, from + 1);
        int d = digits(v, i);
        return d == 0 ? -1 : i + d;
    }
}

package io.mm2dr.engine.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 version ordering (Ansible's {@code version_type='pep440'}): release numbers, then
 * dev &lt; pre-releases (a &lt; b &lt; rc) &lt; final &lt; post-releases. Local versions are ignored.
 */
final class Pep440 {
    private static final Pattern VERSION = Pattern.compile(
            "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
            + "(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\\d*))?"
            + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
            + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
            + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?");

    private Pep440() {
    }

    static int compare(String a, String b) {
        long[][] x = key(a);
        long[][] y = key(b);
        for (int part = 0; part < x.length; part++) {
            long[] p = x[part];
            long[] q = y[part];
            for (int i = 0; i < Math.max(p.length, q.length); i++) {
                long u = i < p.length ? p[i] : 0;
                long v = i < q.length ? q[i] : 0;
                if (u != v) {
                    return Long.compare(u, v);
                }
            }
        }
        return 0;
    }

    /** epoch, release, pre (phase, number), post, dev. */
    private static long[][] key(String text) {
        Matcher m = VERSION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TemplateError("Version comparison failed: Invalid version: '" + text + "'");
        }
        long epoch = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        List<Long> release = new ArrayList<>();
        for (String n : m.group(2).split("\\.")) {
            release.add(new BigInteger(n).longValue());
        }
        long[] rel = release.stream().mapToLong(Long::longValue).toArray();
        boolean hasPre = m.group(3) != null;
        boolean hasPost = m.group(5) != null || m.group(6) != null;
        boolean hasDev = m.group(8) != null;
        long[] pre;
        if (hasPre) {
            String phase = m.group(3);
            long rank = phase.startsWith("a") ? -3 : phase.startsWith("b") ? -2 : -1;
            pre = new long[] {rank, number(m.group(4))};
        } else if (!hasPost && hasDev) {
            pre = new long[] {-4, 0}; // 1.0.dev1 sorts before 1.0a1
        } else {
            pre = new long[] {0, 0};
        }
        long[] post = hasPost ? new long[] {1, number(m.group(5) != null ? m.group(5) : m.group(7))} : new long[] {0, 0};
        long[] dev = hasDev ? new long[] {0, number(m.group(9))} : new long[] {1, 0};
        return new long[][] {{epoch}, rel, pre, post, dev};
    }

    private static long number(String digits) {
        return digits == null || digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}

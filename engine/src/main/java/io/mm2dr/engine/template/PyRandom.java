package io.mm2dr.engine.template;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code random.Random(seed)} (Mersenne Twister, seeded as Python 3 seeds it: an int by its
 * 32-bit words, a str by its bytes followed by their SHA-512), so that {@code random(seed=...)} and
 * {@code shuffle(seed=...)} pick what Ansible picks.
 */
final class PyRandom {
    private final int[] mt = new int[624];
    private int index = 625;

    PyRandom(Object seed) {
        Object s = PlainData.unwrap(seed);
        BigInteger a;
        if (s instanceof Number n && !(s instanceof Double) && !(s instanceof Float)) {
            a = JinjaFilters.bigInteger(n).abs();
        } else if (s instanceof Boolean b) {
            a = b ? BigInteger.ONE : BigInteger.ZERO;
        } else {
            byte[] text = PythonRepr.str(s).getBytes(StandardCharsets.UTF_8);
            byte[] digest;
            try {
                digest = MessageDigest.getInstance("SHA-512").digest(text);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] all = new byte[text.length + digest.length];
            System.arraycopy(text, 0, all, 0, text.length);
            System.arraycopy(digest, 0, all, text.length, digest.length);
            a = new BigInteger(1, all);
        }
        List<Integer> key = new ArrayList<>();
        BigInteger mask = BigInteger.valueOf(0xffffffffL);
        while (a.signum() > 0) {
            key.add(a.and(mask).intValue());
            a = a.shiftRight(32);
        }
        if (key.isEmpty()) {
            key.add(0);
        }
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < 624; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = 624;
    }

    private void initByArray(List<Integer> key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        int n = key.size();
        for (int k = Math.max(624, n); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key.get(j) + j;
            i++;
            j++;
            if (i >= 624) {
                mt[0] = mt[623];
                i = 1;
            }
            if (j >= n) {
                j = 0;
            }
        }
        for (int k = 623; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= 624) {
                mt[0] = mt[623];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    private int next32() {
        if (index >= 624) {
            for (int k = 0; k < 624; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
                mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** getrandbits(k). */
    BigInteger bits(int k) {
        if (k <= 32) {
            return BigInteger.valueOf((next32() & 0xffffffffL) >>> (32 - k));
        }
        BigInteger r = BigInteger.ZERO;
        int shift = 0;
        while (k > 0) {
            long word = next32() & 0xffffffffL;
            if (k < 32) {
                word >>>= 32 - k;
            }
            r = r.or(BigInteger.valueOf(word).shiftLeft(shift));
            shift += 32;
            k -= 32;
        }
        return r;
    }

    /** _randbelow(n): uniform in [0, n). */
    BigInteger below(BigInteger n) {
        if (n.signum() <= 0) {
            return BigInteger.ZERO;
        }
        int k = n.bitLength();
        BigInteger r = bits(k);
        while (r.compareTo(n) >= 0) {
            r = bits(k);
        }
        return r;
    }

    /** randrange(start, stop, step). */
    BigInteger randrange(BigInteger start, BigInteger stop, BigInteger step) {
        BigInteger width = stop.subtract(start);
        if (step.equals(BigInteger.ONE)) {
            if (width.signum() <= 0) {
                throw new TemplateError("empty range for randrange(" + start + ", " + stop + ")");
            }
            return start.add(below(width));
        }
        if (step.signum() == 0) {
            throw new TemplateError("zero step for randrange()");
        }
        BigInteger n = step.signum() > 0 ? width.add(step).subtract(BigInteger.ONE).divide(step)
                : width.add(step).add(BigInteger.ONE).divide(step);
        if (n.signum() <= 0) {
            throw new TemplateError("empty range for randrange()");
        }
        return start.add(step.multiply(below(n)));
    }

    <T> void shuffle(List<T> x) {
        for (int i = x.size() - 1; i > 0; i--) {
            int j = below(BigInteger.valueOf(i + 1)).intValue();
            T tmp = x.get(i);
            x.set(i, x.get(j));
            x.set(j, tmp);
        }
    }
}

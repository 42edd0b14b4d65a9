package io.mm2dr.kafka;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a restore must preserve of a record: key, value, timestamp, timestamp type and headers,
 * in order. Never the offset. Tombstones (null values) and null header values are content too.
 */
public final class RecordContent {
    private RecordContent() {
    }

    public static boolean same(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
        return differences(a, b).isEmpty();
    }

    /** The parts that differ: "key", "value", "timestamp", "timestamp type", "headers"; empty when the same. */
    public static List<String> differences(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
        List<String> out = new ArrayList<>(2);
        if (!Arrays.equals(a.key(), b.key())) {
            out.add("key");
        }
        if (!Arrays.equals(a.value(), b.value())) {
            out.add("value");
        }
        if (a.timestamp() != b.timestamp()) {
            out.add("timestamp");
        }
        if (a.timestampType() != b.timestampType()) {
            out.add("timestamp type");
        }
        if (!sameHeaders(a.headers().toArray(), b.headers().toArray())) {
            out.add("headers");
        }
        return out;
    }

    private static boolean sameHeaders(Header[] x, Header[] y) {
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!x[i].key().equals(y[i].key()) || !Arrays.equals(x[i].value(), y[i].value())) {
                return false;
            }
        }
        return true;
    }

    /** A 128-bit fingerprint of the content (two longs), for finding a record again without keeping it. */
    public static long[] fingerprint(ConsumerRecord<byte[], byte[]> r) {
        long h1 = 0x9E3779B97F4A7C15L;
        long h2 = 0xC2B2AE3D27D4EB4FL;
        long[] h = {h1, h2};
        mix(h, r.key());
        mix(h, r.value());
        mixLong(h, r.timestamp());
        mixLong(h, r.timestampType().id);
        for (Header header : r.headers()) {
            mix(h, header.key().getBytes(StandardCharsets.UTF_8));
            mix(h, header.value());
        }
        return h;
    }

    private static void mix(long[] h, byte[] bytes) {
        if (bytes == null) {
            mixLong(h, -1);
            return;
        }
        mixLong(h, bytes.length);
        for (byte b : bytes) {
            h[0] = (h[0] ^ (b & 0xff)) * 0x100000001B3L;
            h[1] = Long.rotateLeft(h[1] ^ (b & 0xff), 5) * 0x9E3779B97F4A7C15L;
        }
    }

    private static void mixLong(long[] h, long v) {
        h[0] = (h[0] ^ v) * 0xff51afd7ed558ccdL;
        h[0] ^= h[0] >>> 33;
        h[1] = Long.rotateLeft(h[1] + v * 0xc4ceb9fe1a85ec53L, 31) * 0x9E3779B97F4A7C15L;
    }

    /** The record as shown in a report: text when it is UTF-8, base64 otherwise, long values cut; nothing if hidden. */
    public static Map<String, Object> describe(ConsumerRecord<byte[], byte[]> r, boolean hideContent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offset", r.offset());
        m.put("timestamp", r.timestamp());
        m.put("timestamp_type", r.timestampType().name);
        if (hideContent) {
            m.put("content", "hidden (sensitive topic)");
            return m;
        }
        m.put("key", show(r.key()));
        m.put("value", show(r.value()));
        List<String> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(h.key() + "=" + show(h.value()));
        }
        m.put("headers", headers);
        return m;
    }

    static String show(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
        return text.length() > 200 ? text.substring(0, 200) + "... (" + bytes.length + " bytes)" : text;
    }
}

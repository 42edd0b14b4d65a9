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
        return a.timestamp() == b.timestamp() && a.timestampType() == b.timestampType() && Arrays.equals(a.value(), b.value())
                && Arrays.equals(a.key(), b.key()) && sameHeaders(a.headers().toArray(), b.headers().toArray());
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

    /**
     * A 128-bit fingerprint of the content (two longs), for finding a record again without keeping
     * it: CRC-32C (hardware-accelerated) of the key, the value and each header, with the lengths
     * and the timestamp mixed in.
     */
    public static long[] fingerprint(ConsumerRecord<byte[], byte[]> r) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        long k = crc(crc, r.key());
        long v = crc(crc, r.value());
        long h = 0;
        for (Header header : r.headers()) {
            h = h * 31 + (header.key().hashCode() * 0x9E3779B97F4A7C15L) + crc(crc, header.value());
        }
        long first = (k << 32) ^ v ^ (length(r.key()) * 0xC2B2AE3D27D4EB4FL);
        long second = (v << 32) ^ k ^ h ^ (r.timestamp() * 0x9E3779B97F4A7C15L) ^ (length(r.value()) * 0xff51afd7ed558ccdL)
                ^ r.timestampType().id;
        return new long[] {first, second};
    }

    private static long crc(java.util.zip.CRC32C crc, byte[] bytes) {
        if (bytes == null) {
            return 0xFFFFFFFFL << 1;
        }
        crc.reset();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    private static long length(byte[] b) {
        return b == null ? -1 : b.length;
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

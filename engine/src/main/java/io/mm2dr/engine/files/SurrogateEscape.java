package io.mm2dr.engine.files;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Python's {@code surrogateescape}, which Ansible uses for a command's output and a file's bytes:
 * what is not UTF-8 becomes one lone surrogate per byte (U+DC80..U+DCFF) and turns back into the
 * same byte, so {@code dd if=/dev/urandom}'s stdout piped into {@code b64encode} gives the bytes
 * the command wrote, not replacement characters.
 */
public final class SurrogateEscape {
    private SurrogateEscape() {
    }

    /** UTF-8 text, each byte that is not part of valid UTF-8 as U+DC00 + byte. */
    public static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 16);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (r.isOverflow()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
                continue;
            }
            for (int i = 0; i < r.length(); i++) {
                if (!out.hasRemaining()) {
                    CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
                    out.flip();
                    bigger.put(out);
                    out = bigger;
                }
                out.put((char) (0xDC00 + (in.get() & 0xFF)));
            }
        }
        out.flip();
        return out.toString();
    }

    /** The bytes of {@code text}: UTF-8, each escaped byte (U+DC80..U+DCFF) as itself. */
    public static byte[] encode(String text) {
        boolean escaped = false;
        for (int i = 0; i < text.length() && !escaped; i++) {
            char c = text.charAt(i);
            escaped = c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
        }
        if (!escaped) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                out.writeBytes(text.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c - 0xDC00);
                start = i + 1;
            }
        }
        out.writeBytes(text.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}

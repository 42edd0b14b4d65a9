package io.mm2dr.engine.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Python's surrogateescape: bytes that are not UTF-8 survive a round trip through text. */
class SurrogateEscapeTest {
    @Test
    void utf8IsPlainText() {
        String text = "héllo, wörld: ✓ 𝄞";
        assertEquals(text, SurrogateEscape.decode(text.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), SurrogateEscape.encode(text));
    }

    @Test
    void aByteThatIsNotUtf8IsOneLoneSurrogate() {
        // as Python: b'a\xffb'.decode('utf-8', 'surrogateescape') == 'a\udcffb'
        assertEquals("a\uDCFFb", SurrogateEscape.decode(new byte[] {'a', (byte) 0xFF, 'b'}));
        // a truncated sequence: each byte escaped
        assertEquals("\uDCE2\uDC82", SurrogateEscape.decode(new byte[] {(byte) 0xE2, (byte) 0x82}));
        assertArrayEquals(new byte[] {'a', (byte) 0xFF, 'b'}, SurrogateEscape.encode("a\uDCFFb"));
    }

    @Test
    void randomBytesComeBackTheSame() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(2000)];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, SurrogateEscape.encode(SurrogateEscape.decode(bytes)), "round " + i);
        }
    }
}

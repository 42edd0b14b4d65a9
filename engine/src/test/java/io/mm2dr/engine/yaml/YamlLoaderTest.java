package io.mm2dr.engine.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The loader reads plain decimal ints and floats itself and hands every other number, merge keys and
 * duplicate keys to SnakeYAML's constructor: each case here is read by both, SnakeYAML's own
 * {@code SafeConstructor} being the expectation (its Integer widened to Long, as the loader keeps
 * every int that fits in 64 bits as a Long).
 */
class YamlLoaderTest {
    private static final Path FILE = Path.of("numbers.yml");

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0", "7", "-7", "+7", "42", "007", "0o17", "017", "0x1F", "-0x1f", "0b101", "+0b11",
        "1_000", "1:30", "-1:30:00", "2147483647", "2147483648", "-2147483649", "999999999999999999",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
        "1.5", "-1.5", "+1.5", ".5", "-.5", "1.", "-0.0", "0.0", "1e3", "1.5e3", "1.5E-3", "-1.5e+3", "1_000.5", "1:30.5",
        ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "6.8523015e+5", "685.230_15e+03", "685_230.15", "190:20:30.15",
        "abc", "1.2.3", "0x", "12abc", "true", "~", "null", "''"})
    void scalarsAreReadAsSnakeYamlsConstructorReadsThem(String scalar) {
        String doc = "v: " + scalar + "\n";
        Object ours = new YamlLoader().loadAll(doc, FILE).get(0);
        Object theirs = new Yaml(new SafeConstructor(new LoaderOptions())).load(doc);
        assertEquals(widen(((Map<?, ?>) theirs).get("v")), ((Map<?, ?>) ours).get("v"), scalar);
    }

    @Test
    void mergeKeysAndDuplicateKeysAreResolvedAsSnakeYamlsConstructorResolvesThem() {
        String doc = String.join("\n",
            "base: &base {a: 1, b: 2}",
            "more: &more {c: 3}",
            "one: {<<: *base, b: 20}",
            "two: {<<: [*base, *more], a: 10}",
            "three:",
            "  x: 1",
            "  y: 2",
            "  x: 3",
            "four: {<<: *base, a: 5, a: 6}",
            "");
        List<String> warnings = new ArrayList<>();
        Object ours = new YamlLoader(warnings::add).loadAll(doc, FILE).get(0);
        Object theirs = new Yaml(new SafeConstructor(new LoaderOptions())).load(doc);
        assertEquals(plain(widen(theirs)), plain(ours));
        assertEquals(List.of("y", "x"), List.copyOf(((Map<?, ?>) ((Map<?, ?>) ours).get("three")).keySet()),
            "a duplicate key takes the place of its last occurrence");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("duplicate key 'x'"), warnings.toString());
    }

    @Test
    void thePlainShapesAreOnlyWhatTheJdkParsesAlike() {
        assertTrue(YamlLoader.isPlainDecimal("-123", 18));
        assertFalse(YamlLoader.isPlainDecimal("0123", 18), "octal in YAML 1.1");
        assertFalse(YamlLoader.isPlainDecimal("1234567890123456789", 18), "may not fit in a long");
        assertFalse(YamlLoader.isPlainDecimal("-", 18));
        assertFalse(YamlLoader.isPlainDecimal("1_0", 18));
        assertTrue(YamlLoader.isPlainFloat("-1.5e3"));
        assertFalse(YamlLoader.isPlainFloat(".inf"));
        assertFalse(YamlLoader.isPlainFloat("1:30.0"));
        assertFalse(YamlLoader.isPlainFloat("."));
    }

    private static Object widen(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), widen(v)));
            return out;
        }
        return value;
    }

    /** Maps as plain ordered maps, so that key order is compared too. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> m) {
            List<Object> entries = new ArrayList<>();
            m.forEach((k, v) -> entries.add(List.of(String.valueOf(k), plain(v))));
            return entries;
        }
        return value;
    }
}

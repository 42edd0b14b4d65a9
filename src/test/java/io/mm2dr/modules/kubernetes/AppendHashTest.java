package io.mm2dr.modules.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * append_hash's suffix, against what kubernetes.core's own generate_hash gives (computed with
 * python3 from the collection's hashes.py: json.dumps of data, kind, name[, type], sha256, first
 * ten hex digits with 0, 1, 3, a, e replaced by g, h, k, m, t).
 */
class AppendHashTest {
    @Test
    void aConfigMapAsTheCollectionHashesIt() {
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", Map.of("name", "config-map-test", "namespace", "x"));
        cm.put("data", Map.of("hello", "world"));
        assertEquals("5khcd6g5kk", AppendHash.of(cm));
    }

    @Test
    void aSecretWithUnsortedKeysControlAndNonAsciiCharacters() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hello", "world");
        data.put("another", "välue\n");
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("kind", "Secret");
        secret.put("type", "Opaque");
        secret.put("metadata", Map.of("name", "s"));
        secret.put("data", data);
        assertEquals("7k667mg644", AppendHash.of(secret));
    }

    @Test
    void otherKindsHaveNone() {
        assertNull(AppendHash.of(Map.of("kind", "Pod", "metadata", Map.of("name", "p"))));
    }
}

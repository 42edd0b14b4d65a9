package io.mm2dr.kubernetes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The values of a Secret: written as the server stores them ({@code stringData} folded into
 * base64 {@code data}, so that re-applying the same definition is a no-op), announced to the
 * run's redactor in both forms, and masked in diffs.
 */
public final class SecretValues {
    public static final String MASK = "********";
    public static final String MASK_CHANGED = "******** (changed)";

    private SecretValues() {
    }

    public static boolean isSecret(Map<String, Object> object) {
        return object != null && "Secret".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"));
    }

    /** A Secret definition with {@code stringData} moved into {@code data} as base64; other objects unchanged. */
    public static Map<String, Object> normalise(Map<String, Object> definition) {
        if (!isSecret(definition) || !(definition.get("stringData") instanceof Map<?, ?> sd)) {
            return definition;
        }
        Map<String, Object> out = new LinkedHashMap<>(definition);
        Map<String, Object> data = new LinkedHashMap<>(KubeObjects.map(definition, "data"));
        sd.forEach((k, v) -> data.put(String.valueOf(k), v == null ? null
                : Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        out.remove("stringData");
        out.put("data", data);
        return out;
    }

    /** Hands every value of a Secret (base64 and decoded) to {@code sink}, so that output never shows one. */
    public static void announce(Map<String, Object> object, Consumer<String> sink) {
        if (!isSecret(object)) {
            return;
        }
        for (String field : new String[] {"data", "stringData"}) {
            KubeObjects.map(object, field).values().forEach(v -> {
                if (v == null) {
                    return;
                }
                String s = String.valueOf(v);
                sink.accept(s);
                if (field.equals("data")) {
                    String decoded = decode(s);
                    if (decoded != null) {
                        sink.accept(decoded);
                        decoded.lines().map(String::strip).filter(l -> l.length() >= 8 && !l.startsWith("-----")).forEach(sink);
                    }
                }
            });
        }
    }

    /** The text a base64 value stands for, or null when it is not base64 of UTF-8 text. */
    public static String decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.strip());
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Before and after with every value replaced: unchanged values by {@value #MASK}, changed ones
     * by {@value #MASK_CHANGED}, so a diff still says which keys changed and never what they hold.
     */
    public static Map<String, Object> maskBefore(Map<String, Object> before) {
        if (!isSecret(before)) {
            return before;
        }
        Map<String, Object> out = new LinkedHashMap<>(before);
        for (String field : new String[] {"data", "stringData"}) {
            if (before.get(field) instanceof Map<?, ?> m) {
                Map<String, Object> masked = new LinkedHashMap<>();
                m.forEach((k, v) -> masked.put(String.valueOf(k), MASK));
                out.put(field, masked);
            }
        }
        return out;
    }

    public static Map<String, Object> maskAfter(Map<String, Object> before, Map<String, Object> after) {
        if (!isSecret(after)) {
            return after;
        }
        Map<String, Object> out = new LinkedHashMap<>(after);
        for (String field : new String[] {"data", "stringData"}) {
            if (after.get(field) instanceof Map<?, ?> m) {
                Map<String, Object> old = KubeObjects.map(before, field);
                Map<String, Object> masked = new LinkedHashMap<>();
                m.forEach((k, v) -> masked.put(String.valueOf(k),
                        old.containsKey(String.valueOf(k)) && !java.util.Objects.equals(old.get(String.valueOf(k)), v) ? MASK_CHANGED : MASK));
                out.put(field, masked);
            }
        }
        return out;
    }
}

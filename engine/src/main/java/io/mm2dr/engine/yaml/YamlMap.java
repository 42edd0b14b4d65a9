package io.mm2dr.engine.yaml;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A YAML mapping that remembers where it and each of its keys came from. */
public final class YamlMap extends LinkedHashMap<String, Object> {
    private final SourcePos pos;
    private final Map<String, SourcePos> keyPositions = new HashMap<>();

    public YamlMap(SourcePos pos) {
        this.pos = pos;
    }

    public SourcePos pos() {
        return pos;
    }

    public SourcePos posOf(String key) {
        return keyPositions.getOrDefault(key, pos);
    }

    void putWithPos(String key, Object value, SourcePos keyPos) {
        put(key, value);
        keyPositions.put(key, keyPos);
    }

    /** Position of a value taken from a plain map: a YamlMap knows it, any other map does not. */
    public static SourcePos posOf(Object map, String key, SourcePos fallback) {
        return map instanceof YamlMap m ? m.posOf(key) : fallback;
    }
}

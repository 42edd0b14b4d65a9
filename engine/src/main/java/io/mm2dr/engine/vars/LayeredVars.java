package io.mm2dr.engine.vars;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view of variable layers, highest precedence first: a lookup walks the layers and
 * takes the first one that holds the name, so nothing is copied per task.
 */
public final class LayeredVars extends AbstractMap<String, Object> {
    private final List<Map<String, Object>> layers;

    /** Layers from the HIGHEST precedence to the lowest. */
    public LayeredVars(List<Map<String, Object>> layers) {
        this.layers = List.copyOf(layers);
    }

    @Override
    public Object get(Object key) {
        for (Map<String, Object> layer : layers) {
            if (layer.containsKey(key)) {
                return layer.get(key);
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        for (Map<String, Object> layer : layers) {
            if (layer.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<Map<String, Object>> lowFirst = new ArrayList<>(layers);
        java.util.Collections.reverse(lowFirst);
        for (Map<String, Object> layer : lowFirst) {
            merged.putAll(layer);
        }
        return java.util.Collections.unmodifiableMap(merged).entrySet();
    }

    @Override
    public Set<String> keySet() {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Object> layer : layers) {
            keys.addAll(layer.keySet());
        }
        return keys;
    }

    @Override
    public int size() {
        return keySet().size();
    }
}

package io.mm2dr.engine.yaml;

import java.util.ArrayList;
import java.util.List;

/** A YAML sequence that remembers where it and each element came from. */
public final class YamlList extends ArrayList<Object> {
    private final SourcePos pos;
    private final List<SourcePos> positions = new ArrayList<>();

    public YamlList(SourcePos pos) {
        this.pos = pos;
    }

    public SourcePos pos() {
        return pos;
    }

    public SourcePos posOf(int index) {
        return index < positions.size() ? positions.get(index) : pos;
    }

    void addWithPos(Object value, SourcePos p) {
        add(value);
        positions.add(p);
    }
}

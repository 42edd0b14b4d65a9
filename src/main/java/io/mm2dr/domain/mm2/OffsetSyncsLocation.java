package io.mm2dr.domain.mm2;

import java.util.Locale;

/** Which cluster of a mirror holds its offset-syncs topic ({@code offset-syncs.topic.location}). */
public enum OffsetSyncsLocation {
    TARGET, SOURCE;

    /** The value MirrorMaker 2 takes: {@code target} or {@code source}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.mm2dr.engine.event;

import io.mm2dr.engine.yaml.SourcePos;

/** A task as listeners see it. {@code id} is unique within a run. */
public record TaskInfo(int id, String name, String action, SourcePos pos, String play, boolean handler) {
}

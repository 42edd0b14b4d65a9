package io.mm2dr.engine.event;

/** How a task ended on a host. */
public enum Status {
    OK, CHANGED, SKIPPED, FAILED, UNREACHABLE
}

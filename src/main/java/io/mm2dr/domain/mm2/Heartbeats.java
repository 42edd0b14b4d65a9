package io.mm2dr.domain.mm2;

/** The heartbeat connector: whether it runs, and how often it writes a heartbeat (seconds). */
public record Heartbeats(boolean enabled, int intervalSeconds) {
}

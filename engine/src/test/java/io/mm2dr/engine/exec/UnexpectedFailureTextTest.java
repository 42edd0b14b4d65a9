package io.mm2dr.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A module's unexpected exception always reads as something, never as "failed: " and nothing. */
class UnexpectedFailureTextTest {
    @Test
    void aBlankMessageGivesTheExceptionsType() {
        assertEquals("IllegalStateException", TaskExecution.describe(new IllegalStateException("")));
        assertEquals("IllegalStateException", TaskExecution.describe(new IllegalStateException((String) null)));
        assertEquals("IllegalStateException", TaskExecution.describe(new IllegalStateException("  ")));
    }

    @Test
    void causesAddWhatTheyKnowOnce() {
        RuntimeException root = new RuntimeException("This server does not host this topic-partition.");
        assertEquals("UnsupportedOperationException: This server does not host this topic-partition.",
                TaskExecution.describe(new UnsupportedOperationException("", root)));
        assertEquals("create topic x: timed out", TaskExecution.describe(new RuntimeException("create topic x: timed out",
                new RuntimeException("timed out"))));
        assertEquals("plain", TaskExecution.describe(new RuntimeException("plain")));
    }
}

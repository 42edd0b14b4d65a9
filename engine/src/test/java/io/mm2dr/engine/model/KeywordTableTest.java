package io.mm2dr.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mm2dr.engine.model.Keyword.Level;
import io.mm2dr.engine.model.Keyword.Support;
import io.mm2dr.engine.yaml.SourcePos;
import io.mm2dr.engine.yaml.YamlMap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each keyword is declared once in the table, and read with its declared type. */
class KeywordTableTest {
    private static YamlMap map(String key, Object value) {
        YamlMap m = new YamlMap(new SourcePos(Path.of("play.yml"), 3, 5));
        m.put(key, value);
        return m;
    }

    @Test
    void flagsAcceptAnsiblesBooleanWordsAndRefuseOthersWithTheirPlace() {
        assertEquals(true, KeywordTable.NO_LOG.read(map("no_log", "yes")));
        assertEquals(false, KeywordTable.IGNORE_ERRORS.read(map("ignore_errors", "off")));
        assertNull(KeywordTable.CHECK_MODE.read(map("other", true)));
        PlaybookError e = assertThrows(PlaybookError.class, () -> KeywordTable.NO_LOG.read(map("no_log", "sometimes")));
        assertTrue(e.getMessage().startsWith("'no_log' must be a boolean"), e.getMessage());
        assertEquals(3, e.pos().line());
    }

    @Test
    void untilIsAListOfConditionsAndRetriesANumberOrATemplate() {
        assertEquals(List.of("x is done"), KeywordTable.UNTIL.read(map("until", "x is done")));
        assertEquals(List.of("a", "b"), KeywordTable.UNTIL.read(map("until", List.of("a", "b"))));
        assertEquals(5L, KeywordTable.RETRIES.read(map("retries", "5")));
        assertEquals("{{ n }}", KeywordTable.RETRIES.read(map("retries", "{{ n }}")));
        assertEquals(1.5, KeywordTable.DELAY.read(map("delay", 1.5)));
        assertThrows(PlaybookError.class, () -> KeywordTable.RETRIES.read(map("retries", "many")));
        assertEquals(2.0, NumberOrTemplate.of(KeywordTable.RETRIES.read(map("retries", "{{ n }}"))).resolve(v -> "2", "retries"));
    }

    @Test
    void tagsSplitAtCommasButHandlerNamesDoNot() {
        assertEquals(List.of("a", "b"), KeywordTable.TAGS.read(map("tags", "a, b")));
        assertEquals(List.of("restart a, then b"), KeywordTable.NOTIFY.read(map("notify", "restart a, then b")));
        assertThrows(PlaybookError.class, () -> KeywordTable.NOTIFY.read(map("notify", 5)));
    }

    @Test
    void levelsSayWhereAKeywordIsKnownAndWhatTheRunnerDoesThere() {
        assertEquals(Support.REFUSED, KeywordTable.WHEN.supportAt(Level.PLAY));
        assertEquals(Support.SUPPORTED, KeywordTable.WHEN.supportAt(Level.TASK));
        assertEquals(Support.REFUSED, KeywordTable.get("become").supportAt(Level.BLOCK));
        assertEquals(Support.NO_EFFECT, KeywordTable.get("connection").supportAt(Level.PLAY));
        assertTrue(KeywordTable.knownAt("with_fileglob", Level.TASK));
        assertFalse(KeywordTable.knownAt("with_fileglob", Level.BLOCK));
        assertFalse(KeywordTable.knownAt("loop", Level.PLAY));
        for (Keyword k : KeywordTable.all()) {
            assertTrue(KeywordTable.readmeSection().contains("`" + k.name() + "`"), k.name() + " is in the README's list");
        }
    }
}

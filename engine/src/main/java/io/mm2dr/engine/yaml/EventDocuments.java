package io.mm2dr.engine.yaml;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads documents straight from SnakeYAML's parser events into {@link YamlMap}, {@link YamlList} and
 * scalars, with the positions SnakeYAML's composer gives its nodes (each event's start). It reads
 * what playbooks, roles and inventories mostly are: mappings, sequences and untagged scalars. A
 * document with anything else (an anchor or alias, a tag, a merge key, a key given twice, even
quoted otherwise) or that
 * SnakeYAML refuses is left to {@link ComposedDocuments}: {@link #read} then gives null, and the
 * file is read again from its start. It reports no warning itself, so nothing is reported twice.
 */
final class EventDocuments {
    /** Why a file goes to the composer; thrown without a stack trace, caught in {@link #read}. */
    private static final class NeedsComposer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NeedsComposer() {
            super(null, null, false, false);
        }
    }

    private static final NeedsComposer NEEDS_COMPOSER = new NeedsComposer();

    private final ParserImpl parser;
    private final Path file;
    private final int depthLimit;
    private int depth;

    private EventDocuments(ParserImpl parser, Path file, int depthLimit) {
        this.parser = parser;
        this.file = file;
        this.depthLimit = depthLimit;
    }

    /** Every document of the text, or null when SnakeYAML's composer must read it. */
    static List<Object> read(String text, Path file, LoaderOptions options) {
        EventDocuments reader = new EventDocuments(new ParserImpl(new StreamReader(new StringReader(text)), options), file,
                options.getNestingDepthLimit());
        try {
            return reader.documents();
        } catch (RuntimeException e) {
            // NEEDS_COMPOSER, a syntax error or a number SnakeYAML's constructor refuses: the composer
            // reads the file again, and reports what it reports
            return null;
        }
    }

    private List<Object> documents() {
        List<Object> docs = new ArrayList<>();
        expect(parser.getEvent() instanceof StreamStartEvent);
        while (!(parser.peekEvent() instanceof StreamEndEvent)) {
            expect(parser.getEvent() instanceof DocumentStartEvent);
            docs.add(node());
            expect(parser.getEvent() instanceof DocumentEndEvent);
        }
        return docs;
    }

    private static void expect(boolean what) {
        if (!what) {
            throw NEEDS_COMPOSER;
        }
    }

    private Object node() {
        // (the composer refuses a document nested deeper than its limit)
        expect(++depth < depthLimit);
        Event event = parser.getEvent();
        Object value;
        if (event instanceof ScalarEvent scalar) {
            expect(scalar.getTag() == null && scalar.getAnchor() == null);
            String v = scalar.getValue();
            value = YamlLoader.scalarValue(scalar.getImplicit().canOmitTagInPlainScalar() ? PlainScalars.resolve(v) : PlainScalars.Kind.STR, v);
        } else if (event instanceof MappingStartEvent start) {
            expect(start.getTag() == null && start.getAnchor() == null);
            value = mapping(start);
        } else if (event instanceof SequenceStartEvent start) {
            expect(start.getTag() == null && start.getAnchor() == null);
            value = sequence(start);
        } else {
            // an alias
            throw NEEDS_COMPOSER;
        }
        depth--;
        return value;
    }

    private YamlMap mapping(MappingStartEvent start) {
        YamlMap map = new YamlMap(YamlLoader.pos(start.getStartMark(), file));
        // the composer's duplicates are scalar keys of the same text, however quoted ('~' and "~"):
        // it warns of them and has SnakeYAML's constructor drop the earlier ones
        Set<String> texts = new HashSet<>();
        while (!(parser.peekEvent() instanceof MappingEndEvent)) {
            Event keyEvent = parser.peekEvent();
            if (keyEvent instanceof ScalarEvent key) {
                expect(!(key.getImplicit().canOmitTagInPlainScalar() && PlainScalars.isMergeKey(key.getValue())));
                expect(texts.add(key.getValue()));
            }
            SourcePos keyPos = YamlLoader.pos(keyEvent.getStartMark(), file);
            Object key = node();
            String name = key == null ? "null" : String.valueOf(key);
            expect(!map.containsKey(name));
            map.putWithPos(name, node(), keyPos);
        }
        parser.getEvent();
        return map;
    }

    private YamlList sequence(SequenceStartEvent start) {
        YamlList list = new YamlList(YamlLoader.pos(start.getStartMark(), file));
        while (!(parser.peekEvent() instanceof SequenceEndEvent)) {
            SourcePos itemPos = YamlLoader.pos(parser.peekEvent().getStartMark(), file);
            list.addWithPos(node(), itemPos);
        }
        parser.getEvent();
        return list;
    }
}

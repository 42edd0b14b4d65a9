package io.mm2dr.engine.yaml;

import io.mm2dr.engine.template.UnsafeText;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads documents through SnakeYAML's composer and its node graph: anchors and aliases, merge keys,
 * tags ({@code !unsafe}, {@code !!int}...), duplicate keys (a warning each, the last one winning),
 * and SnakeYAML's own errors. {@link YamlLoader} comes here for the documents {@link EventDocuments}
 * does not read.
 */
final class ComposedDocuments {
    private static final String UNSAFE = "!unsafe";
    private static final String VAULT = "!vault";

    private final Consumer<String> warnings;

    ComposedDocuments(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    private void warn(String message) {
        if (warnings != null) {
            warnings.accept(message);
        }
    }

    List<Object> read(String text, Path file, LoaderOptions options) {
        List<Object> docs = new ArrayList<>();
        Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
        while (composer.checkNode()) {
            docs.add(convert(composer.getNode(), file));
        }
        return docs;
    }

    private Object convert(Node node, Path file) {
        SourcePos pos = YamlLoader.pos(node.getStartMark(), file);
        if (node instanceof MappingNode mapping) {
            // before flattening, which drops the earlier ones silently; SnakeYAML's constructor is
            // made only for a mapping with a merge key or a duplicate one
            if (warnDuplicateKeys(mapping, file) || mapping.isMerged()) {
                new MergeResolver().flatten(mapping);
            }
            YamlMap map = new YamlMap(pos);
            for (NodeTuple tuple : mapping.getValue()) {
                Object key = convert(tuple.getKeyNode(), file);
                String k = key == null ? "null" : String.valueOf(key);
                SourcePos keyPos = YamlLoader.pos(tuple.getKeyNode().getStartMark(), file);
                if (map.containsKey(k)) {
                    warn(keyPos + ": duplicate key '" + k + "', the last one is used");
                }
                map.putWithPos(k, convert(tuple.getValueNode(), file), keyPos);
            }
            return map;
        }
        if (node instanceof SequenceNode seq) {
            YamlList list = new YamlList(pos);
            for (Node item : seq.getValue()) {
                list.addWithPos(convert(item, file), YamlLoader.pos(item.getStartMark(), file));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        String tag = scalar.getTag().getValue();
        if (UNSAFE.equals(tag)) {
            return new UnsafeText(scalar.getValue());
        }
        if (VAULT.equals(tag)) {
            throw new YamlError("!vault values are not supported: keep secrets in a Kubernetes secret or an extra-vars file", pos);
        }
        return YamlLoader.scalarValue(kind(scalar.getTag()), scalar.getValue());
    }

    /** What a node's tag reads as (SnakeYAML's own resolver gives these tags to plain scalars). */
    static PlainScalars.Kind kind(Tag tag) {
        if (Tag.NULL.equals(tag)) {
            return PlainScalars.Kind.NULL;
        }
        if (Tag.BOOL.equals(tag)) {
            return PlainScalars.Kind.BOOL;
        }
        if (Tag.INT.equals(tag)) {
            return PlainScalars.Kind.INT;
        }
        if (Tag.FLOAT.equals(tag)) {
            return PlainScalars.Kind.FLOAT;
        }
        if (Tag.STR.equals(tag)) {
            return PlainScalars.Kind.STR;
        }
        return PlainScalars.Kind.OTHER;
    }

    /** Warns of each duplicate scalar key; true when there was one. */
    private boolean warnDuplicateKeys(MappingNode mapping, Path file) {
        Set<String> seen = new HashSet<>();
        boolean duplicate = false;
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && !Tag.MERGE.equals(key.getTag()) && !seen.add(key.getValue())) {
                warn(YamlLoader.pos(key.getStartMark(), file) + ": duplicate key '" + key.getValue() + "', the last one is used");
                duplicate = true;
            }
        }
        return duplicate;
    }

    /** Applies YAML merge keys the way SnakeYAML's constructor would. */
    private static final class MergeResolver extends SafeConstructor {
        MergeResolver() {
            super(new LoaderOptions());
        }

        void flatten(MappingNode node) {
            flattenMapping(node);
        }
    }
}

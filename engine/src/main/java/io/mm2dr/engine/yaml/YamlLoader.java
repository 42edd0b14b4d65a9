package io.mm2dr.engine.yaml;

import io.mm2dr.engine.template.UnsafeText;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into plain Java data that remembers positions: {@link YamlMap}, {@link YamlList},
 * String, Long, Double, Boolean, null, and {@link UnsafeText} for {@code !unsafe} scalars.
 * Merge keys ({@code <<}) and anchors work as in YAML 1.1; duplicate keys are reported as warnings,
 * the last one winning, as Ansible does.
 */
public final class YamlLoader {
    private static final Tag UNSAFE = new Tag("!unsafe");
    private static final Tag VAULT = new Tag("!vault");

    private final Consumer<String> warnings;

    public YamlLoader(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** A loader that reports no warnings. */
    public YamlLoader() {
        this(null);
    }

    private void warn(String message) {
        if (warnings != null) {
            warnings.accept(message);
        }
    }

    /** All documents of a file (an empty file has none). */
    public List<Object> loadAll(Path file) {
        String text;
        try {
            text = new String(readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new YamlError("file not found: " + SourcePos.displayPath(file), new SourcePos(file, 0, 0));
        } catch (IOException e) {
            throw new YamlError("cannot read " + SourcePos.displayPath(file) + ": " + e.getMessage(), new SourcePos(file, 0, 0));
        }
        return loadAll(text, file);
    }

    /**
     * A file's bytes, through a {@link FileInputStream} when it is on the default file system:
     * {@code Files.readAllBytes} opens a file channel, whose classes and native library a short run
     * otherwise never loads.
     */
    private static byte[] readAllBytes(Path file) throws IOException {
        if (file.getFileSystem() != FileSystems.getDefault()) {
            return Files.readAllBytes(file);
        }
        if (Files.isDirectory(file)) {
            throw new IOException("Is a directory");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return in.readAllBytes();
        }
    }

    /** The single document of a file; an empty file gives null. */
    public Object load(Path file) {
        List<Object> docs = loadAll(file);
        if (docs.size() > 1) {
            throw new YamlError("expected one YAML document, found " + docs.size(), new SourcePos(file, 1, 1));
        }
        return docs.isEmpty() ? null : docs.get(0);
    }

    public List<Object> loadAll(String text, Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(200);
        options.setCodePointLimit(64 * 1024 * 1024);
        List<Object> docs = new ArrayList<>();
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            while (composer.checkNode()) {
                Node node = composer.getNode();
                docs.add(convert(node, file));
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourcePos pos = m == null ? new SourcePos(file, 0, 0) : new SourcePos(file, m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new YamlError("YAML syntax error: " + context + problem, pos);
        } catch (YAMLException e) {
            throw new YamlError("YAML error: " + e.getMessage(), new SourcePos(file, 0, 0));
        }
        return docs;
    }

    private Object convert(Node node, Path file) {
        SourcePos pos = pos(node, file);
        if (node instanceof MappingNode mapping) {
            // before flattening, which drops the earlier ones silently; SnakeYAML's constructor is
            // made only for a mapping with a merge key or a duplicate one (its set-up, java.util.logging's
            // included, is a noticeable part of a short run's start-up)
            if (warnDuplicateKeys(mapping, file) || mapping.isMerged()) {
                new MergeResolver().flatten(mapping);
            }
            YamlMap map = new YamlMap(pos);
            for (NodeTuple tuple : mapping.getValue()) {
                Object key = convert(tuple.getKeyNode(), file);
                String k = key == null ? "null" : String.valueOf(key);
                if (map.containsKey(k)) {
                    warn(pos(tuple.getKeyNode(), file) + ": duplicate key '" + k + "', the last one is used");
                }
                map.putWithPos(k, convert(tuple.getValueNode(), file), pos(tuple.getKeyNode(), file));
            }
            return map;
        }
        if (node instanceof SequenceNode seq) {
            YamlList list = new YamlList(pos);
            for (Node item : seq.getValue()) {
                list.addWithPos(convert(item, file), pos(item, file));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (UNSAFE.equals(tag)) {
            return new UnsafeText(scalar.getValue());
        }
        if (VAULT.equals(tag)) {
            throw new YamlError("!vault values are not supported: keep secrets in a Kubernetes secret or an extra-vars file", pos);
        }
        return scalarValue(scalar, pos);
    }

    /** Warns of each duplicate scalar key; true when there was one. */
    private boolean warnDuplicateKeys(MappingNode mapping, Path file) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean duplicate = false;
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && !Tag.MERGE.equals(key.getTag()) && !seen.add(key.getValue())) {
                warn(pos(key, file) + ": duplicate key '" + key.getValue() + "', the last one is used");
                duplicate = true;
            }
        }
        return duplicate;
    }

    private static Object scalarValue(ScalarNode scalar, SourcePos pos) {
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String l = v.toLowerCase();
            return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
        }
        if (Tag.INT.equals(tag)) {
            if (isPlainDecimal(v, 18)) {
                return Long.parseLong(v);
            }
            Object n = ScalarConstructors.BOOT.constructInt(v);
            if (n instanceof Integer i) {
                return i.longValue();
            }
            if (n instanceof BigInteger b && b.bitLength() < 64) {
                return b.longValue();
            }
            return n;
        }
        if (Tag.FLOAT.equals(tag)) {
            if (isPlainFloat(v)) {
                return Double.valueOf(v);
            }
            return ScalarConstructors.BOOT.constructFloat(v);
        }
        if (Tag.STR.equals(tag) || tag == null) {
            return YamlStrings.remember(v);
        }
        // timestamps, binary and custom tags: keep the text, as Ansible does for unknown tags
        return v;
    }

    private static SourcePos pos(Node node, Path file) {
        Mark m = node.getStartMark();
        return m == null ? new SourcePos(file, 0, 0) : new SourcePos(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /**
     * An optional sign and decimal digits without a leading zero (which YAML 1.1 reads as octal), at
     * most {@code maxDigits} of them: what {@link Long#parseLong} reads as SnakeYAML does.
     */
    static boolean isPlainDecimal(String v, int maxDigits) {
        int start = !v.isEmpty() && (v.charAt(0) == '-' || v.charAt(0) == '+') ? 1 : 0;
        int digits = v.length() - start;
        if (digits < 1 || digits > maxDigits || (v.charAt(start) == '0' && digits > 1)) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Digits, one point and an exponent, without '_', ':' (base 60) or the special values: what
     * {@link Double#valueOf} reads as SnakeYAML does (its sign handling gives the same -0.0).
     */
    static boolean isPlainFloat(String v) {
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
                return false;
            }
        }
        return digit;
    }

    /** SnakeYAML's own scalar constructors, for the other ints (0x, 0b, octal, 1_000, 1:30) and floats (.inf). */
    private static final class ScalarConstructors extends SafeConstructor {
        /** Made at the first such scalar: most files have none. */
        static final ScalarConstructors BOOT = new ScalarConstructors();

        ScalarConstructors() {
            super(new LoaderOptions());
        }

        Object constructInt(String v) {
            return new ConstructYamlInt().construct(new ScalarNode(Tag.INT, v, null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN));
        }

        Object constructFloat(String v) {
            return new ConstructYamlFloat().construct(new ScalarNode(Tag.FLOAT, v, null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN));
        }
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

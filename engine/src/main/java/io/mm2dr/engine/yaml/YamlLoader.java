package io.mm2dr.engine.yaml;

import io.mm2dr.engine.template.UnsafeText;
import java.io.FileInputStream;
import java.io.IOException;
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
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into plain Java data that remembers positions: {@link YamlMap}, {@link YamlList},
 * String, Long, Double, Boolean, null, and {@link UnsafeText} for {@code !unsafe} scalars.
 * Merge keys ({@code <<}) and anchors work as in YAML 1.1; duplicate keys are reported as warnings,
 * the last one winning, as Ansible does.
 *
 * <p>A document is read from SnakeYAML's parser events ({@link EventDocuments}), its plain scalars
 * typed by {@link PlainScalars}; one that uses anchors, tags, merge keys or duplicate keys, or that
 * SnakeYAML refuses, is read again through SnakeYAML's composer ({@link ComposedDocuments}), which
 * tells the same data and reports its warnings and errors.
 */
public final class YamlLoader {
    private final Consumer<String> warnings;

    public YamlLoader(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** A loader that reports no warnings. */
    public YamlLoader() {
        this(null);
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

    /** SnakeYAML's options for both ways of reading: duplicate keys allowed (a warning each), files up to 64 MB. */
    static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(200);
        options.setCodePointLimit(64 * 1024 * 1024);
        return options;
    }

    public List<Object> loadAll(String text, Path file) {
        LoaderOptions options = options();
        try {
            List<Object> docs = EventDocuments.read(text, file, options);
            return docs != null ? docs : new ComposedDocuments(warnings).read(text, file, options);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourcePos pos = m == null ? new SourcePos(file, 0, 0) : new SourcePos(file, m.getLine() + 1, m.getColumn() + 1);
            String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new YamlError("YAML syntax error: " + context + problem, pos);
        } catch (YAMLException e) {
            throw new YamlError("YAML error: " + e.getMessage(), new SourcePos(file, 0, 0));
        }
    }

    /** A scalar's value: null, Boolean, Long (or BigInteger), Double, a remembered String, or the text for other types. */
    static Object scalarValue(PlainScalars.Kind kind, String v) {
        if (kind == PlainScalars.Kind.NULL) {
            return null;
        }
        if (kind == PlainScalars.Kind.BOOL) {
            String l = v.toLowerCase();
            return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
        }
        if (kind == PlainScalars.Kind.INT) {
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
        if (kind == PlainScalars.Kind.FLOAT) {
            if (isPlainFloat(v)) {
                return Double.valueOf(v);
            }
            return ScalarConstructors.BOOT.constructFloat(v);
        }
        if (kind == PlainScalars.Kind.STR) {
            return YamlStrings.remember(v);
        }
        // timestamps, binary and custom tags: keep the text, as Ansible does for unknown tags
        return v;
    }

    static SourcePos pos(Mark m, Path file) {
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
}

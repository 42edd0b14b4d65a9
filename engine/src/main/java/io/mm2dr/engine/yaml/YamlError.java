package io.mm2dr.engine.yaml;

/** A file that is not valid YAML, or not of the expected shape: one message, one place. */
public class YamlError extends PositionedError {
    public YamlError(String message, SourcePos pos) {
        super(message, pos, null);
    }
}

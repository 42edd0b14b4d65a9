package io.mm2dr.domain.mm2;

/**
 * A MirrorMaker 2 specification that cannot even be read: an unknown key, a missing required key
 * or a value of the wrong type. The message names the argument's path
 * ({@code clusters[1].bootstrapp: unknown key (known: ...)}) and is fit to show the user as is.
 */
public class SpecException extends RuntimeException {
    private final String field;

    public SpecException(String field, String problem) {
        super(field.isEmpty() ? problem : field + ": " + problem);
        this.field = field;
    }

    /** The path of the offending argument, e.g. {@code clusters[1].bootstrap}. */
    public String field() {
        return field;
    }
}

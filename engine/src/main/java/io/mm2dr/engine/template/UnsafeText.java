package io.mm2dr.engine.template;

import java.util.Objects;

/**
 * A string that must never be templated: YAML values tagged {@code !unsafe}, and values derived
 * from them. The templater passes it through untouched.
 */
public final class UnsafeText implements CharSequence {
    private final String text;

    public UnsafeText(String text) {
        this.text = Objects.requireNonNull(text);
    }

    public String text() {
        return text;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsafeText u && u.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}

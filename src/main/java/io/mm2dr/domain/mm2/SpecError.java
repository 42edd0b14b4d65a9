package io.mm2dr.domain.mm2;

/**
 * One mistake found by {@link MirrorMaker2Spec#validate}: the argument at fault, by its path as the
 * playbook writes it ({@code mirrors[0].groups}), and why it is wrong.
 */
public record SpecError(String field, String message) {

    /** {@code mirrors[0].source: 'emea' is not a defined cluster (defined: na, eu)}. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}

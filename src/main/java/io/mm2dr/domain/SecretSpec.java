package io.mm2dr.domain;

import java.util.Map;

/**
 * A secret: given values, or a copy of another secret (possibly in another namespace, under a new name).
 *
 * @param data        values to store (text); empty when copying
 * @param copyFrom    the secret to copy, or null
 * @param labels      labels to set (on top of the copied ones)
 * @param annotations annotations to set (on top of the copied ones)
 */
public record SecretSpec(String name, String namespace, Map<String, String> data, SecretRef copyFrom, String type,
                         Map<String, String> labels, Map<String, String> annotations) {

    public record SecretRef(String namespace, String name) {
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }
}

package io.mm2dr.engine.yaml;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.Set;

/**
 * The strings read from YAML, told by identity from the strings templates and filters make. Ansible
 * keeps a YAML string as its own type ({@code AnsibleUnicode}) through variables, {@code set_fact}
 * and a template that is one whole variable reference, and a filter's or an expression's result is a
 * plain {@code str}: {@code type_debug} shows the difference, and playbooks test it (kubernetes.core's
 * test set-up does). The loader remembers each string it reads; the set holds them weakly.
 */
public final class YamlStrings {
    private static final ReferenceQueue<String> GONE = new ReferenceQueue<>();
    private static final Set<Key> READ = new HashSet<>();

    private YamlStrings() {
    }

    /** Remembers a string the loader read; returns it. */
    static String remember(String s) {
        synchronized (READ) {
            expunge();
            READ.add(new Key(s, GONE));
        }
        return s;
    }

    /** Whether this very string (not an equal one) was read from YAML. */
    public static boolean fromYaml(Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        synchronized (READ) {
            return READ.contains(new Key(s, null));
        }
    }

    private static void expunge() {
        for (Object gone = GONE.poll(); gone != null; gone = GONE.poll()) {
            READ.remove(gone);
        }
    }

    /** A weak reference compared by the identity of what it refers to. */
    private static final class Key extends WeakReference<String> {
        private final int hash;

        Key(String s, ReferenceQueue<String> queue) {
            super(s, queue);
            this.hash = System.identityHashCode(s);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Key other)) {
                return false;
            }
            String mine = get();
            return mine != null && mine == other.get();
        }
    }
}

package io.mm2dr.engine.files;

import java.util.Map;

/**
 * Paths as a user writes them in a playbook: {@code ~} is the home folder of {@code $HOME} (as in
 * Ansible, and as the Kubernetes clients look for {@code ~/.kube/config}), not the Java system
 * property, which the JVM reads from the password database; {@code $VAR} and {@code ${VAR}} are
 * environment variables, left as written when not set (Python's {@code os.path.expandvars}).
 */
public final class UserPaths {
    private UserPaths() {
    }

    /** The user's home folder: {@code $HOME}, else the JVM's {@code user.home}. */
    public static String home() {
        String home = System.getenv("HOME");
        return home == null || home.isEmpty() ? System.getProperty("user.home") : home;
    }

    /** {@code ~} and {@code ~/x} with the home folder; anything else as is. */
    public static String expandUser(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            String home = home();
            String rest = path.substring(1);
            return home.endsWith("/") && !rest.isEmpty() ? home + rest.substring(1) : home + rest;
        }
        return path;
    }

    /** What a module argument of type path becomes: variables of the environment, then {@code ~}. */
    public static String expand(String path) {
        return expandUser(expandVars(path, System.getenv()));
    }

    /** {@code $NAME} and {@code ${NAME}} replaced by {@code env}'s value; unknown names stay as written. */
    public static String expandVars(String path, Map<String, String> env) {
        if (path.indexOf('$') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c != '$' || i + 1 >= path.length()) {
                out.append(c);
                i++;
                continue;
            }
            int start;
            int end;
            int next;
            if (path.charAt(i + 1) == '{') {
                start = i + 2;
                end = path.indexOf('}', start);
                if (end < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                next = end + 1;
            } else {
                start = i + 1;
                end = start;
                while (end < path.length() && (Character.isLetterOrDigit(path.charAt(end)) || path.charAt(end) == '_')) {
                    end++;
                }
                next = end;
            }
            String name = path.substring(start, end);
            String value = name.isEmpty() ? null : env.get(name);
            if (value == null) {
                out.append(path, i, next);
            } else {
                out.append(value);
            }
            i = next;
        }
        return out.toString();
    }
}

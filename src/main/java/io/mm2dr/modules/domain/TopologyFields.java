package io.mm2dr.modules.domain;

import io.mm2dr.engine.module.Names;
import io.mm2dr.engine.yaml.SourcePos;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The means of the topology's rules ({@link TopologyRules}): a field of a topology variable with
 * its name and place ({@link F}), the problems found so far, and the checks any rule uses: present,
 * a mapping, a list, text, a whole number, a boolean, a regular expression, no unknown keys; names
 * Kubernetes, the operators and Kafka accept (namespaces, clusters, users, resources, topics),
 * storage sizes and topic settings. The rules themselves say what the drill's topology must be.
 */
abstract class TopologyFields {
    /** One thing wrong with the topology, where it was written. */
    record Problem(SourcePos pos, String text) {
    }

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    static final Pattern STORAGE = Pattern.compile("ephemeral|[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    static final Pattern SECRET_PREFIX = Pattern.compile("[a-z0-9][-a-z0-9.]*");
    /** The operator names a cluster's bootstrap service {@code <name>-kafka-bootstrap}: a DNS-1035 label, at most 63. */
    static final int CLUSTER_NAME_MAX = 63 - "-kafka-bootstrap".length();
    /** KafkaMirrorMaker2 gets the service {@code <name>-mirrormaker2-api}. */
    static final int MIRROR_MAKER_NAME_MAX = 63 - "-mirrormaker2-api".length();
    /** KafkaConnect (the producer) gets the service {@code <name>-connect-api}. */
    static final int APP_NAME_MAX = 63 - "-connect-api".length();

    final TopologySource src;
    private final List<Problem> problems = new ArrayList<>();

    TopologyFields(TopologySource src) {
        this.src = src;
    }

    /** The problems found so far, in the order found. */
    List<Problem> problems() {
        return problems;
    }

    static String fieldName(String key, List<Object> path) {
        StringBuilder sb = new StringBuilder(key);
        for (Object p : path) {
            sb.append(p instanceof Integer i ? "[" + i + "]" : "." + p);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ a field of the topology

    /** A part of a topology variable: its value and its name ({@code topics[6].name}). */
    final class F {
        final String key;
        final List<Object> path;
        final Object value;

        F(String key, List<Object> path, Object value) {
            this.key = key;
            this.path = path;
            this.value = value;
        }

        F child(String k) {
            List<Object> p = new ArrayList<>(path);
            p.add(k);
            return new F(key, p, value instanceof Map<?, ?> m ? m.get(k) : null);
        }

        F item(int i) {
            List<Object> p = new ArrayList<>(path);
            p.add(i);
            return new F(key, p, value instanceof List<?> l && i < l.size() ? l.get(i) : null);
        }

        String name() {
            return fieldName(key, path);
        }

        SourcePos pos() {
            return src.pos(key, path);
        }

        boolean usable() {
            return value != null && value != TopologySource.UNTEMPLATED;
        }

        boolean templated() {
            return value != TopologySource.UNTEMPLATED;
        }

        /** The value as text, when it is a scalar. */
        String text() {
            return value instanceof String || value instanceof Number ? String.valueOf(value) : null;
        }

        List<?> list() {
            return value instanceof List<?> l ? l : List.of();
        }

        Map<?, ?> map() {
            return value instanceof Map<?, ?> m ? m : Map.of();
        }

        /** A whole number (5, "5"), or null. */
        Long whole() {
            if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                return ((Number) value).longValue();
            }
            if (value instanceof BigInteger b) {
                return b.bitLength() < 63 ? b.longValue() : null;
            }
            if (value instanceof String s && s.trim().matches("-?[0-9]+") && s.trim().length() < 18) {
                return Long.parseLong(s.trim());
            }
            return null;
        }
    }

    F top(String key) {
        return new F(key, List.of(), src.value(key));
    }

    void problem(F f, String text) {
        String note = src.note(f.key);
        problems.add(new Problem(f.pos(), f.name() + " " + text + (note == null ? "" : " (" + note + ")")));
    }

    /** Where another field is, to say "first at line 25" (or its name when it has no place). */
    String at(F other, F here) {
        SourcePos o = other.pos();
        SourcePos h = here.pos();
        if (o.line() > 0 && o.file() != null && o.file().equals(h.file()) && o.line() != h.line()) {
            return "line " + o.line();
        }
        return o.line() > 0 && !o.equals(h) ? o.toString() : other.name();
    }

    static String quoted(Object v) {
        return "'" + v + "'";
    }

    // ------------------------------------------------------------------ generic checks

    /** The field must be there (and could be templated); reports when it is not. */
    boolean required(F f) {
        if (f.value == null) {
            problem(f, f.path.isEmpty() ? "is not defined" : "is not set");
            return false;
        }
        return f.templated();
    }

    boolean requiredMap(F f, String shape) {
        if (!required(f)) {
            return false;
        }
        if (!(f.value instanceof Map<?, ?>)) {
            problem(f, "must be a mapping (" + shape + "), not " + quoted(f.value));
            return false;
        }
        return true;
    }

    boolean requiredList(F f, String shape) {
        if (!required(f)) {
            return false;
        }
        if (!(f.value instanceof List<?> l) || l.isEmpty()) {
            problem(f, "must be a non-empty list (" + shape + ")" + (f.value instanceof List<?> ? "" : ", not " + quoted(f.value)));
            return false;
        }
        return true;
    }

    boolean requiredText(F f) {
        if (!required(f)) {
            return false;
        }
        if (f.text() == null || f.text().isBlank()) {
            problem(f, "must be a name, not " + quoted(f.value));
            return false;
        }
        return true;
    }

    void unknownKeys(F f, List<String> known, String what) {
        for (Object k : f.map().keySet()) {
            if (!known.contains(String.valueOf(k))) {
                problem(f.child(String.valueOf(k)), "is not " + what + " (known: " + String.join(", ", known) + ")");
            }
        }
    }

    /** A whole number, at least {@code min}; returns it or null. */
    Long wholeAtLeast(F f, long min) {
        if (!f.usable()) {
            return null;
        }
        Long n = f.whole();
        if (n == null || n < min) {
            problem(f, quoted(f.value) + " must be a whole number, " + min + " or more");
            return null;
        }
        return n;
    }

    void bool(F f) {
        if (f.usable() && !(f.value instanceof Boolean) && !List.of("true", "false", "yes", "no")
                .contains(String.valueOf(f.value).toLowerCase(Locale.ROOT))) {
            problem(f, quoted(f.value) + " must be true or false");
        }
    }

    static boolean truth(Object v) {
        return v instanceof Boolean b ? b : v != null && List.of("true", "yes", "on", "1").contains(String.valueOf(v).toLowerCase(Locale.ROOT));
    }

    Pattern regex(F f) {
        if (!requiredText(f)) {
            return null;
        }
        try {
            return Pattern.compile(f.text());
        } catch (PatternSyntaxException e) {
            problem(f, quoted(f.text()) + " is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    /** A name Kubernetes takes for a namespace, with a suggestion. */
    boolean regionName(F f) {
        if (!requiredText(f)) {
            return false;
        }
        String n = f.text();
        if (n.length() > 63 || !DNS_LABEL.matcher(n).matches()) {
            problem(f, quoted(n) + " is not a valid region name: a region is a Kubernetes namespace (a DNS-1123 label: lowercase letters,"
                    + " digits and '-', starting and ending with a letter or digit, at most 63 characters)" + suggestion(n, 63));
            return false;
        }
        return true;
    }

    static String suggestion(String name, int max) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+|-+$", "");
        if (s.length() > max) {
            s = s.substring(0, max).replaceAll("-+$", "");
        }
        return s.isEmpty() || s.equals(name) ? "" : ", e.g. " + quoted(s);
    }

    boolean clusterName(F f) {
        if (!requiredText(f)) {
            return false;
        }
        String n = f.text();
        if (n.length() > CLUSTER_NAME_MAX || !DNS_1035.matcher(n).matches()) {
            problem(f, quoted(n) + " is not a valid Kafka cluster name: lowercase letters, digits and '-', starting with a letter,"
                    + " at most " + CLUSTER_NAME_MAX + " characters (the operator names its service <name>-kafka-bootstrap)"
                    + suggestion(n, CLUSTER_NAME_MAX));
            return false;
        }
        return true;
    }

    boolean userName(F f) {
        if (!requiredText(f)) {
            return false;
        }
        String n = f.text();
        if (n.length() > 253 || !DNS_SUBDOMAIN.matcher(n).matches()) {
            problem(f, quoted(n) + " is not a valid user name: a KafkaUser and its secret are named after it (lowercase letters,"
                    + " digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)" + suggestion(n, 253));
            return false;
        }
        return true;
    }

    boolean resourceName(F f, String what, int max) {
        if (!requiredText(f)) {
            return false;
        }
        String n = f.text();
        if (n.length() > max || !DNS_1035.matcher(n).matches()) {
            problem(f, quoted(n) + " is not a valid " + what + " name: lowercase letters, digits and '-', starting with a letter,"
                    + " at most " + max + " characters" + suggestion(n, max));
            return false;
        }
        return true;
    }

    void storage(F f) {
        if (required(f) && (f.text() == null || !STORAGE.matcher(f.text()).matches())) {
            problem(f, quoted(f.value) + " must be 'ephemeral' or a volume size per broker, such as 10Gi");
        }
    }

    boolean topicName(F f) {
        if (!requiredText(f)) {
            return false;
        }
        String n = f.text();
        if (n.length() > 249 || n.equals(".") || n.equals("..") || !TOPIC_NAME.matcher(n).matches()) {
            problem(f, quoted(n) + " is not a valid Kafka topic name: letters, digits, '.', '_' and '-', at most 249 characters");
            return false;
        }
        if (n.startsWith("__")) {
            problem(f, quoted(n) + " is not a valid topic name here: names starting with '__' are Kafka's internal topics");
            return false;
        }
        return true;
    }

    void topicConfig(F config, Long replicas) {
        if (config.value == null || !config.templated()) {
            return;
        }
        if (!(config.value instanceof Map<?, ?>)) {
            problem(config, "must be a mapping of Kafka topic settings, not " + quoted(config.value));
            return;
        }
        Set<String> known = TopicConfigNames.NAMES;
        for (Object k : config.map().keySet()) {
            String key = String.valueOf(k);
            F f = config.child(key);
            if (!known.contains(key)) {
                problem(f, "is not a Kafka topic setting" + closest(key, known));
            } else if (key.equals("min.insync.replicas")) {
                Long min = wholeAtLeast(f, 1);
                if (min != null && replicas != null && min > replicas) {
                    problem(f, min + " is more than topic_replicas (" + replicas + "): no write could ever be acknowledged");
                }
            }
        }
    }

    /** "(did you mean 'retention.ms'?)" for a near miss. */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = Names.distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + quoted(best) + "?)";
    }
}

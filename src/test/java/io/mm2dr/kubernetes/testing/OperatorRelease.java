package io.mm2dr.kubernetes.testing;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * An operator release whose CRDs a test API server ({@link MockCluster#start(java.nio.file.Path,
 * OperatorRelease)}) has installed: the group it serves, the versions of each kind, their
 * schemas. Strimzi releases use the vendored CRDs (src/test/resources/crds); Event Streams
 * releases use {@link EventStreamsCrds}' model.
 *
 * <ul>
 * <li>{@link #STRIMZI_0_45}: {@code kafka.strimzi.io/v1beta2} only (KafkaTopic and KafkaUser also
 * v1beta1 and v1alpha1), as Strimzi 0.45-0.48;</li>
 * <li>{@link #STRIMZI_0_51}: {@code v1} and {@code v1beta2}, the latter deprecated (with a
 * warning), as Strimzi 0.49-0.51;</li>
 * <li>{@link #STRIMZI_1_2}: {@code v1} only, as Strimzi 1.x;</li>
 * <li>{@link #EVENTSTREAMS_11}: {@code eventstreams.ibm.com/v1beta2} only;</li>
 * <li>{@link #EVENTSTREAMS_13}: {@code eventstreams.ibm.com/v1} only.</li>
 * </ul>
 */
public enum OperatorRelease {
    STRIMZI_0_45("Strimzi 0.45.0", "kafka.strimzi.io", () -> CrdSchemas.strimzi("0.45.0")),
    STRIMZI_0_51("Strimzi 0.51.0", "kafka.strimzi.io", () -> CrdSchemas.strimzi("0.51.0")),
    STRIMZI_1_2("Strimzi 1.2.0", "kafka.strimzi.io", () -> CrdSchemas.strimzi("1.2.0")),
    EVENTSTREAMS_11("IBM Event Streams 11 (modelled on Strimzi 0.45.0 v1beta2)", EventStreamsCrds.GROUP,
            () -> EventStreamsCrds.of("0.45.0", "v1beta2")),
    EVENTSTREAMS_13("IBM Event Streams 13 (modelled on Strimzi 1.2.0 v1)", EventStreamsCrds.GROUP,
            () -> EventStreamsCrds.of("1.2.0", "v1"));

    /** The groups whose serving a release decides: a request to any other version of these is 404. */
    public static final List<String> OPERATOR_GROUPS = List.of("kafka.strimzi.io", EventStreamsCrds.GROUP);

    private final String title;
    private final String group;
    private final Supplier<CrdSchemas> load;
    private volatile CrdSchemas schemas;

    OperatorRelease(String title, String group, Supplier<CrdSchemas> load) {
        this.title = title;
        this.group = group;
        this.load = load;
    }

    /**
     * The release a drill test runs against, by flavor ({@code strimzi} or {@code eventstreams},
     * as {@code Flavor.word()}) and API generation ({@code v1beta2} or {@code v1}): Strimzi 0.45 or
     * 1.2, Event Streams 11 or 13. (Strimzi 0.51, serving both, is {@link #STRIMZI_0_51}.)
     */
    public static OperatorRelease of(String flavor, String version) {
        boolean es = flavor.equalsIgnoreCase("eventstreams");
        if (!es && !flavor.equalsIgnoreCase("strimzi")) {
            throw new IllegalArgumentException("unknown flavor " + flavor);
        }
        return switch (version) {
            case "v1beta2" -> es ? EVENTSTREAMS_11 : STRIMZI_0_45;
            case "v1" -> es ? EVENTSTREAMS_13 : STRIMZI_1_2;
            default -> throw new IllegalArgumentException("no release serves only " + version);
        };
    }

    /** {@code strimzi} or {@code eventstreams}, as {@code Flavor.word()}. */
    public String flavor() {
        return group.equals(EventStreamsCrds.GROUP) ? "eventstreams" : "strimzi";
    }

    public String title() {
        return title;
    }

    /** The API group of its custom resources. */
    public String group() {
        return group;
    }

    public CrdSchemas schemas() {
        CrdSchemas s = schemas;
        if (s == null) {
            synchronized (this) {
                if (schemas == null) {
                    schemas = load.get();
                }
                s = schemas;
            }
        }
        return s;
    }

    /** Every version the group serves (for some kind), highest priority first; the first is the preferred version. */
    public List<String> servedVersions() {
        TreeSet<String> all = new TreeSet<>(CrdSchemas::compareVersions);
        schemas().definitions().forEach(d -> all.addAll(d.servedVersions()));
        return List.copyOf(all);
    }

    /** The group's preferred version, as discovery names it ({@code /apis/<group>}). */
    public String preferredVersion() {
        return servedVersions().get(0);
    }

    /** {@code <group>/<preferred version>}. */
    public String apiVersion() {
        return group + "/" + preferredVersion();
    }

    /** The kind's definition, if this release installs it. */
    public Optional<CrdSchemas.Definition> definition(String kind) {
        return schemas().definition(group, kind);
    }

    /** Whether this release serves {@code kind} in {@code version}. */
    public boolean serves(String kind, String version) {
        return definition(kind).flatMap(d -> d.version(version)).map(CrdSchemas.Version::served).orElse(false);
    }

    /** The context of a kind in its highest-priority served version (what a client picking by discovery would use). */
    public ResourceDefinitionContext context(String kind) {
        CrdSchemas.Definition d = definition(kind).orElseThrow(() -> new IllegalArgumentException(title + " has no " + kind));
        return context(d, d.servedVersions().get(0));
    }

    /** The context of a kind in a given version (served or not: for asserting a 404). */
    public ResourceDefinitionContext context(String kind, String version) {
        CrdSchemas.Definition d = definition(kind).orElseThrow(() -> new IllegalArgumentException(title + " has no " + kind));
        return context(d, version);
    }

    /** Every (kind, served version) of the release, e.g. both v1 and v1beta2 of each kind on 0.51. */
    public List<ResourceDefinitionContext> servedContexts() {
        List<ResourceDefinitionContext> out = new ArrayList<>();
        for (CrdSchemas.Definition d : schemas().definitions()) {
            for (String v : d.servedVersions()) {
                out.add(context(d, v));
            }
        }
        return out;
    }

    private static ResourceDefinitionContext context(CrdSchemas.Definition d, String version) {
        return new ResourceDefinitionContext.Builder().withGroup(d.group()).withVersion(version).withKind(d.kind())
                .withPlural(d.plural()).withNamespaced(d.namespaced()).build();
    }
}

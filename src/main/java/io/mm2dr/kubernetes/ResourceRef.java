package io.mm2dr.kubernetes;

/** One object: its type, namespace (null for cluster-scoped kinds) and name. */
public record ResourceRef(ResourceType type, String namespace, String name) {

    /** "KafkaMirrorMaker2 backup/mm2" or "Namespace europe". */
    @Override
    public String toString() {
        return type.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}

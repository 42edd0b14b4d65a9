package io.mm2dr.platform.kubernetes;

import io.mm2dr.domain.KafkaClusterSpec;

/**
 * What a cluster recreated with {@code reuse_ca} means for its certificate authorities: the
 * restored CAs are user-provided from then on ({@code generateCertificateAuthority: false} for the
 * cluster CA and the clients CA), so the operator no longer renews them (with
 * {@code renewalDays} it only logs that they expire). This tool keeps them that way, on purpose:
 * the clients of the lost cluster trust that CA, and a new one would break them. Renewal is then
 * the user's, as the operators document for user-provided CAs.
 */
public final class RestoredCas {
    private RestoredCas() {
    }

    /** The warning of a cluster (re)created with restored CAs: who renews them now, and how. */
    public static String warning(KafkaClusterSpec c) {
        String kind = KafkaResources.clusterKind(c.flavor());
        String where = c.flavor() == io.mm2dr.domain.Flavor.EVENTSTREAMS ? "spec.strimziOverrides.clusterCa/clientsCa" : "spec.clusterCa/clientsCa";
        return kind + " " + c.namespace() + "/" + c.name() + " uses the restored CAs (" + c.clusterCaCertSecret() + ", "
                + c.clientsCaCertSecret() + ") with generateCertificateAuthority: false in " + where
                + ": the operator will not renew them. Before they expire, either renew them by hand (the operator's procedure "
                + "for your own CA certificates: new certificate in the -cert secret, its ca-cert-generation annotation increased), "
                + "or hand renewal back to the operator by setting generateCertificateAuthority: true once the clients trust this CA";
    }
}

package io.mm2dr.sandbox.apps;

import io.mm2dr.sandbox.Certificates;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Why a TLS handshake with a broker failed, in one sentence a person can act on: the client
 * looks at the certificate the broker presents (a second connection that trusts anything and
 * sends nothing) and says which certificate it is, which CA issued it, and which CA the client
 * trusts instead. The usual cause in a drill: the cluster was recreated with a new CA because its
 * CA secrets were not restored first.
 */
final class UntrustedBroker {
    private UntrustedBroker() {
    }

    /** Whether the error, or one of its causes, is a failed TLS handshake. */
    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException || t instanceof javax.net.ssl.SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sentence for a failed handshake with the first of the bootstrap servers, given the CA
     * certificates (PEM) the client trusts (null: the JDK's default trust).
     */
    static String explain(String bootstrapServers, String trustedPem) {
        String first = bootstrapServers.split(",")[0].trim();
        List<X509Certificate> trusted = trustedPem == null ? List.of() : Certificates.parseAll(trustedPem);
        String trusts = trusted.isEmpty() ? "the JDK's default certificate authorities"
                : String.join(" and ", trusted.stream().map(Certificates::describe).toList());
        X509Certificate presented;
        X509Certificate presentedIssuer = null;
        try {
            X509Certificate[] chain = presented(first);
            presented = chain[0];
            for (X509Certificate c : chain) {
                if (c != presented && Certificates.issuedBy(presented, c)) {
                    presentedIssuer = c;
                }
            }
        } catch (Exception e) {
            return "the TLS handshake with the broker at " + first + " failed, and its certificate could not be read ("
                    + e.getMessage() + "); this application trusts " + trusts;
        }
        String subject = presented.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253).replace(",", ", ");
        String issuer = presented.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253).replace(",", ", ");
        boolean fromTrusted = trusted.stream().anyMatch(ca -> Certificates.issuedBy(presented, ca));
        if (fromTrusted) {
            return "the broker at " + first + " presents the certificate " + subject + ", issued by a CA this application trusts, but the"
                    + " handshake failed: the certificate does not name the host " + first.substring(0, Math.max(0, first.lastIndexOf(':')))
                    + ", or has expired (it is valid until " + presented.getNotAfter().toInstant() + ")";
        }
        String by = presentedIssuer != null ? Certificates.describe(presentedIssuer) : issuer;
        return "the broker at " + first + " presents the certificate " + subject + " issued by " + by + ", a CA this application"
                + " does not trust: it trusts only " + trusts + ". The cluster's certificate authority has changed since this application"
                + " was given its trust (a cluster recreated without restoring its CA secrets first, reuse_ca); restore the CA secrets"
                + " and recreate the cluster, or give the application the new CA certificate";
    }

    /** The chain the broker at host:port presents (read without trusting or sending anything). */
    private static X509Certificate[] presented(String hostPort) throws Exception {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AnyCertificate()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out;
        }
    }

    /** Accepts any server certificate: used only to read it, on a connection that sends nothing. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // read, not trusted: nothing is sent on this connection
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package io.mm2dr.sandbox.testing;

import io.mm2dr.sandbox.Certificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client as a Kafka client is one: it trusts only the given CA certificate (PEM) and checks
 * that the server's certificate names the host it was asked for (HTTPS endpoint identification,
 * Kafka's default), on a connection to the given address.
 */
public final class TlsProbe {
    private TlsProbe() {
    }

    /**
     * The chain the server at {@code address:port} presents, after a handshake that verified it
     * against {@code caPem} for {@code hostName}; throws {@link javax.net.ssl.SSLHandshakeException}
     * when it does not verify.
     */
    public static X509Certificate[] handshake(String address, int port, String hostName, String caPem) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(address, port), 5000);
        plain.setSoTimeout(10_000);
        try (SSLSocket s = (SSLSocket) context(caPem).getSocketFactory().createSocket(plain, hostName, port, true)) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return (X509Certificate[]) s.getSession().getPeerCertificates();
        }
    }

    private static SSLContext context(String caPem) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : Certificates.parseAll(caPem)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}

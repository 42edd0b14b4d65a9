package io.mm2dr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's certificate authorities and broker certificates are what Strimzi's cluster
 * operator makes (RSA 4096 CA, {@code CN=cluster-ca v0, O=io.strimzi}, 365 days, SHA-512; an RSA
 * 2048 broker certificate for the names clients use), and the JDK's own PKIX validation and
 * hostname check accept the broker's chain with the CA as the only trust anchor, and refuse it
 * with another CA.
 */
class CertificatesTest {
    private static Certificates.Authority ca;
    private static Certificates.Authority other;
    private static Certificates.Issued broker;

    @BeforeAll
    static void make() {
        ca = Certificates.newAuthority("cluster-ca", 0, Duration.ofDays(Certificates.VALIDITY_DAYS));
        // another CA with the same subject; its key size does not matter here (a 4096-bit key takes seconds)
        other = Certificates.newAuthority("cluster-ca", 0, Duration.ofDays(Certificates.VALIDITY_DAYS), 2048);
        broker = Certificates.issue(ca, "na-eventstreams-kafka", List.of("localhost", "na-eventstreams-kafka-bootstrap.north-america.svc"),
                List.of("127.0.0.1"), Duration.ofDays(Certificates.VALIDITY_DAYS));
    }

    @Test
    void theCaIsStrimzisDefault() throws Exception {
        X509Certificate c = Certificates.parse(ca.certPem());
        assertEquals("CN=cluster-ca v0,O=io.strimzi", c.getSubjectX500Principal().getName());
        assertEquals(c.getSubjectX500Principal(), c.getIssuerX500Principal(), "self-signed");
        c.verify(c.getPublicKey());
        assertEquals(4096, ((RSAPublicKey) c.getPublicKey()).getModulus().bitLength());
        assertEquals("SHA512withRSA", c.getSigAlgName());
        assertEquals(0, c.getBasicConstraints(), "a CA that issues end-entity certificates only (pathlen 0)");
        assertTrue(c.getKeyUsage()[5], "keyCertSign");
        long days = Duration.between(Instant.now(), c.getNotAfter().toInstant()).toDays();
        assertTrue(days >= 364 && days <= 365, "valid for " + days + " days");
        assertTrue(ca.keyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8, what Kafka's PEM key stores read");
        assertTrue(Certificates.matches(ca));
        assertFalse(Certificates.matches(new Certificates.Authority(ca.certPem(), other.keyPem())), "another CA's key");
    }

    @Test
    void theBrokerCertificateIsIssuedForTheNamesClientsUse() throws Exception {
        List<X509Certificate> chain = Certificates.parseAll(broker.chainPem());
        assertEquals(2, chain.size(), "the broker's certificate, then its CA's");
        X509Certificate leaf = chain.get(0);
        assertEquals("CN=na-eventstreams-kafka,O=io.strimzi", leaf.getSubjectX500Principal().getName());
        assertEquals(2048, ((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength());
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        Set<String> names = leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).collect(Collectors.toSet());
        assertEquals(Set.of("localhost", "na-eventstreams-kafka-bootstrap.north-america.svc", "127.0.0.1"), names);
        assertTrue(Certificates.issuedBy(leaf, Certificates.parse(ca.certPem())));
        assertFalse(Certificates.issuedBy(leaf, Certificates.parse(other.certPem())), "same subject, another key");
        assertFalse(leaf.getNotAfter().after(Certificates.parse(ca.certPem()).getNotAfter()), "never outlives its CA");
        assertTrue(broker.keyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        Certificates.privateKey(broker.keyPem());
    }

    @Test
    void theJdksPkixValidationAndHostnameCheckAcceptOnlyTheIssuingCa() throws Exception {
        X509Certificate[] chain = Certificates.parseAll(broker.chainPem()).toArray(X509Certificate[]::new);
        trustManager(ca).checkServerTrusted(chain, "RSA");
        assertThrows(java.security.cert.CertificateException.class, () -> trustManager(other).checkServerTrusted(chain, "RSA"));

        CertificateFactory f = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(Certificates.parse(ca.certPem()), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(f.generateCertPath(List.of(chain[0])), params);
        PKIXParameters otherParams = new PKIXParameters(Set.of(new TrustAnchor(Certificates.parse(other.certPem()), null)));
        otherParams.setRevocationEnabled(false);
        assertThrows(CertPathValidatorException.class,
                () -> CertPathValidator.getInstance("PKIX").validate(f.generateCertPath(List.of(chain[0])), otherParams));
    }

    /** A real TLS server with the broker's key and chain: a client trusting the CA connects by each name, and only by those. */
    @Test
    void aTlsClientTrustingTheCaAcceptsTheNamesAndOnlyThem() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("broker", Certificates.privateKey(broker.keyPem()), new char[0],
                Certificates.parseAll(broker.chainPem()).toArray(X509Certificate[]::new));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        javax.net.ssl.SSLContext server = javax.net.ssl.SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        try (javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!ss.isClosed()) {
                    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ss.accept()) {
                        s.startHandshake();
                    } catch (java.io.IOException e) {
                        // a refused handshake, or the server closed
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            int port = ss.getLocalPort();
            for (String name : List.of("127.0.0.1", "localhost", "na-eventstreams-kafka-bootstrap.north-america.svc")) {
                X509Certificate[] chain = io.mm2dr.sandbox.testing.TlsProbe.handshake("127.0.0.1", port, name, ca.certPem());
                assertEquals("CN=na-eventstreams-kafka,O=io.strimzi", chain[0].getSubjectX500Principal().getName(), name);
            }
            assertThrows(javax.net.ssl.SSLHandshakeException.class,
                    () -> io.mm2dr.sandbox.testing.TlsProbe.handshake("127.0.0.1", port, "eu-eventstreams-kafka-bootstrap.europe.svc", ca.certPem()),
                    "a name the certificate does not have");
            assertThrows(javax.net.ssl.SSLHandshakeException.class,
                    () -> io.mm2dr.sandbox.testing.TlsProbe.handshake("127.0.0.1", port, "127.0.0.1", other.certPem()),
                    "another CA (same subject, another key)");
        }
    }

    @Test
    void pemTextIsReadBack() {
        Collection<X509Certificate> both = Certificates.parseAll(ca.certPem() + other.certPem());
        assertEquals(2, both.size());
        assertThrows(IllegalArgumentException.class, () -> Certificates.parse("not a certificate"));
        assertThrows(IllegalArgumentException.class, () -> Certificates.privateKey(ca.certPem()));
        String fp = Certificates.fingerprint(Certificates.parse(ca.certPem()));
        assertTrue(fp.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fp);
        assertFalse(ca.toString().contains("PRIVATE"), "a CA's toString never shows its key");
        assertFalse(broker.toString().contains("PRIVATE"));
    }

    private static X509TrustManager trustManager(Certificates.Authority trusted) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", Certificates.parse(trusted.certPem()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}

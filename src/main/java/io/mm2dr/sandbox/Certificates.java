package io.mm2dr.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate authorities and broker certificates of the sandbox's clusters, made as Strimzi's
 * cluster operator makes its own (and Event Streams' after it): a self-signed CA with an RSA 4096
 * key, subject {@code CN=cluster-ca v0, O=io.strimzi} (or {@code clients-ca}), valid 365 days,
 * signed with SHA-512; a broker certificate with an RSA 2048 key issued by the cluster CA for the
 * names clients use, valid as long. Keys are PKCS#8 PEM (what Kafka's PEM key stores read),
 * certificates PEM. BouncyCastle builds the certificates; the JDK's providers make the keys and
 * signatures.
 */
public final class Certificates {
    /** Strimzi's defaults ({@code CertificateAuthority.DEFAULT_CERTS_VALIDITY_DAYS}, openssl's key sizes in its issuer). */
    public static final int VALIDITY_DAYS = 365;
    static final int CA_KEY_BITS = 4096;
    static final int LEAF_KEY_BITS = 2048;
    static final String SIGNATURE = "SHA512withRSA";
    static final String ORGANIZATION = "io.strimzi";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private Certificates() {
    }

    /** A certificate authority: its certificate and private key, PEM. */
    public record Authority(String certPem, String keyPem) {
        @Override
        public String toString() {
            return "Authority[" + describe(parse(certPem)) + "]";
        }
    }

    /** A certificate issued by an authority: its private key, and the chain (itself, then the CA), PEM. */
    public record Issued(String keyPem, String chainPem) {
        @Override
        public String toString() {
            return "Issued[" + describe(parse(chainPem)) + "]";
        }
    }

    /** A new CA, {@code CN=<role> v<generation>, O=io.strimzi}, valid from now for {@code validity}. */
    public static Authority newAuthority(String role, int generation, Duration validity) {
        return newAuthority(role, generation, validity, CA_KEY_BITS);
    }

    /** The same with another key size (tests that only need a second, distinct CA). */
    public static Authority newAuthority(String role, int generation, Duration validity, int keyBits) {
        try {
            KeyPair keys = keyPair(keyBits);
            X500Name subject = name(role + " v" + generation);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(b, keys.getPrivate());
            return new Authority(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a certificate authority: " + e.getMessage(), e);
        }
    }

    /**
     * A server certificate issued by {@code ca} for {@code commonName}, with the DNS names and IP
     * addresses clients connect to as subject alternative names (hostname verification stays on).
     */
    public static Issued issue(Authority ca, String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        try {
            X509Certificate caCert = parse(ca.certPem());
            PrivateKey caKey = privateKey(ca.keyPem());
            KeyPair keys = keyPair(LEAF_KEY_BITS);
            Instant now = Instant.now();
            Instant notAfter = now.plus(validity);
            if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
                notAfter = caCert.getNotAfter().toInstant(); // never outlives its CA
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(notAfter), name(commonName), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            for (String ip : ipAddresses) {
                names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(ip).getHostAddress()));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate cert = sign(b, caKey);
            return new Issued(pem("PRIVATE KEY", keys.getPrivate().getEncoded()), pem("CERTIFICATE", cert.getEncoded()) + ca.certPem());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** The first certificate of a PEM text. */
    public static X509Certificate parse(String pem) {
        List<X509Certificate> all = parseAll(pem);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate");
        }
        return all.get(0);
    }

    /** Every certificate of a PEM text, in order. */
    public static List<X509Certificate> parseAll(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            Matcher m = PEM.matcher(pem);
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
        return out;
    }

    /** An RSA private key from PKCS#8 PEM. */
    public static PrivateKey privateKey(String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find() || !m.group(1).equals("PRIVATE KEY")) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        }
    }

    /** Whether the private key is the one of the certificate (a restored CA's two secrets belong together). */
    public static boolean matches(Authority ca) {
        try {
            PublicKey certKey = parse(ca.certPem()).getPublicKey();
            if (!(privateKey(ca.keyPem()) instanceof RSAPrivateCrtKey k)) {
                return false;
            }
            PublicKey derived = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
            return derived.equals(certKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code cert} is signed by the CA certificate {@code ca} (and names it as its issuer). */
    public static boolean issuedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 fingerprint, as openssl prints it ({@code AB:CD:...}). */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "CN=cluster-ca v0, O=io.strimzi (SHA-256 AB:CD:EF:01..., expires 2027-11-29)". */
    public static String describe(X509Certificate cert) {
        String fp = fingerprint(cert);
        return cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253).replace(",", ", ")
                + " (SHA-256 " + fp.substring(0, 23) + "..., expires " + cert.getNotAfter().toInstant().toString().substring(0, 10) + ")";
    }

    static String pem(String type, byte[] der) {
        StringWriter w = new StringWriter();
        w.append("-----BEGIN ").append(type).append("-----\n");
        w.append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)).append('\n');
        w.append("-----END ").append(type).append("-----\n");
        return w.toString();
    }

    private static KeyPair keyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE); // positive, at most 16 bytes (RFC 5280)
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ORGANIZATION).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws OperatorCreationException, GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (UncheckedIOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}

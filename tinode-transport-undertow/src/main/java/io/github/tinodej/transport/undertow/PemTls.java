package io.github.tinodej.transport.undertow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An {@link SSLContext} from the PEM files Tinode's {@code tls} section names: a certificate chain
 * ({@code cert_file}, the server's certificate first) and its unencrypted private key
 * ({@code key_file}) as PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519) or PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}), the two forms OpenSSL and Let's Encrypt tools write.
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemTls() {
    }

    /**
     * Reads both files and builds a TLS server context.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLContext serverContext(Path certFile, Path keyFile) {
        javax.net.ssl.KeyManager[] keyManagers = keyManagers(certFile, keyFile);
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: " + e.getMessage(), e);
        }
    }

    /**
     * Reads both files into key managers, for a TLS stack that takes those rather than an
     * {@link SSLContext} (the gRPC transport's Netty does).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static javax.net.ssl.KeyManager[] keyManagers(Path certFile, Path keyFile) {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls cert_file " + certFile + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("tls cert_file " + certFile + " holds no certificate");
        }
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] none = new char[0];
            ks.setKeyEntry("tinode", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, none);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("tls: the key in " + keyFile + " does not go with the certificate in "
                    + certFile + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path keyFile) {
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("tls key_file " + keyFile + ": " + e.getMessage(), e);
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, keyFile);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(rsaPkcs1ToPkcs8(der), keyFile);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("tls key_file " + keyFile
                        + " is encrypted; give the key unencrypted (openssl pkcs8 -topk8 -nocrypt)");
                case "EC PRIVATE KEY" -> throw new IllegalArgumentException("tls key_file " + keyFile
                        + " is an EC key in SEC1 form; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // EC PARAMETERS and other blocks before the key: skip.
                }
            }
        }
        throw new IllegalArgumentException("tls key_file " + keyFile + " holds no PEM private key");
    }

    private static PrivateKey pkcs8(byte[] der, Path keyFile) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new IllegalArgumentException("tls key_file " + keyFile + ": not an RSA, EC or Ed25519 private key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        body.writeBytes(der(0x04, pkcs1));
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}

package io.github.tinodej.examples;

import io.github.tinodej.transport.undertow.PemTls;
import io.github.tinodej.transport.undertow.UndertowTransport;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Tinode's {@code tls} section: {@code enabled}, {@code cert_file} and {@code key_file} (PEM),
 * {@code http_redirect} (a listen address answering plain HTTP with a redirect to HTTPS) and
 * {@code strict_max_age} (HSTS, seconds). Tinode's {@code autocert} (Let's Encrypt) is not
 * implemented: it refuses to start rather than serve without the certificate asked for.
 */
final class TlsSettings {
    private TlsSettings() {
    }

    /**
     * Reads the files and applies the section to the transport; nothing when TLS is off.
     *
     * @throws TinodeConfig.ConfigException for a section that cannot be honoured
     */
    static void apply(TinodeConfig cfg, UndertowTransport.Builder http) {
        if (!cfg.bool("tls.enabled", false)) {
            return;
        }
        String cert = cfg.string("tls.cert_file");
        String key = cfg.string("tls.key_file");
        if (cert == null || cert.isEmpty() || key == null || key.isEmpty()) {
            // Serving plain HTTP to someone who asked for TLS would send tokens and passwords in clear.
            throw new TinodeConfig.ConfigException("tls.enabled is true but tls.cert_file and tls.key_file are not both set"
                    + "; tls.autocert (Let's Encrypt) is not implemented: give PEM files");
        }
        SSLContext ctx;
        try {
            ctx = PemTls.serverContext(Path.of(cert), Path.of(key));
        } catch (IllegalArgumentException e) {
            throw new TinodeConfig.ConfigException(e.getMessage());
        }
        String redirect = cfg.string("tls.http_redirect");
        int redirectPort = -1;
        if (redirect != null && !redirect.isEmpty()) {
            try {
                redirectPort = Listen.parse(redirect).port();
            } catch (IllegalArgumentException e) {
                throw new TinodeConfig.ConfigException("tls.http_redirect: " + e.getMessage());
            }
        }
        long hsts = cfg.number("tls.strict_max_age", 0);
        http.tls(ctx, redirectPort, Duration.ofSeconds(Math.max(0, hsts)));
    }
}

package io.github.tinodej.transport.undertow;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.time.Duration;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;

/**
 * Tinode's {@code tls} settings on an Undertow server: the HTTPS listener, the optional plain-HTTP
 * listener whose every request is redirected to HTTPS ({@code http_redirect}), and HSTS
 * ({@code strict_max_age}). Immutable.
 */
final class TlsListener {
    private static final HttpString HSTS = new HttpString("Strict-Transport-Security");
    private final SSLContext context;
    private final int redirectPort;
    private final String hsts;

    TlsListener(SSLContext context, int redirectPort, Duration strictMaxAge) {
        if (redirectPort < -1 || redirectPort > 65535) {
            throw new IllegalArgumentException("redirect port must be -1 (none) or 0..65535: " + redirectPort);
        }
        this.context = context;
        this.redirectPort = redirectPort;
        this.hsts = strictMaxAge == null || strictMaxAge.isZero() || strictMaxAge.isNegative() ? null
                : "max-age=" + strictMaxAge.toSeconds();
    }

    /** The HTTPS listener first (its port is the transport's), then the redirecting one. */
    void addListeners(Undertow.Builder b, String host, int port) {
        b.addHttpsListener(port, host, context);
        if (redirectPort >= 0) {
            b.addHttpListener(redirectPort, host);
        }
    }

    /**
     * Answers a plain-HTTP request with a 301 to the same URL over HTTPS and returns true; on
     * HTTPS adds HSTS when configured and returns false (the request goes on).
     */
    boolean refuse(HttpServerExchange ex, IntSupplier httpsPort) {
        if (ex.isSecure()) {
            if (hsts != null) {
                ex.getResponseHeaders().put(HSTS, hsts);
            }
            return false;
        }
        int p = httpsPort.getAsInt();
        String query = ex.getQueryString();
        String location = "https://" + hostOnly(ex.getHostName()) + (p == 443 ? "" : ":" + p) + ex.getRequestURI()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        ex.setStatusCode(301);
        ex.getResponseHeaders().put(Headers.LOCATION, location);
        ex.endExchange();
        return true;
    }

    private static String hostOnly(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}

package io.github.tinodej.transport.undertow;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may use the file endpoints, with Tinode's rules for
 * {@code media.handlers.fs.cors_origins}: {@code "*"} (alone) allows every origin, {@code ""}
 * (alone) or an empty list none, otherwise full origins such as {@code https://example.com},
 * where a host label may be {@code *} ({@code https://*.example.com} matches one label, with the
 * same scheme and port). Immutable, thread-safe.
 */
final class Cors {
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    private static final List<String> UPLOAD_METHODS = List.of("POST", "PUT", "HEAD", "OPTIONS");
    private static final List<String> SERVE_METHODS = List.of("GET", "HEAD", "OPTIONS");

    /** One allowed origin, pre-parsed. */
    private record Allowed(String origin, String scheme, String[] hostParts, int port, boolean wildcard) {
    }

    private final boolean any;
    private final List<Allowed> allowed;

    private Cors(boolean any, List<Allowed> allowed) {
        this.any = any;
        this.allowed = allowed;
    }

    /** Every origin allowed. */
    static Cors anyOrigin() {
        return new Cors(true, List.of());
    }

    /**
     * Parses the configured origins.
     *
     * @throws IllegalArgumentException for {@code "*"} or {@code ""} next to other entries, or an entry that is not an origin URL
     */
    static Cors parse(Collection<String> origins) {
        if (origins == null || origins.isEmpty()) {
            return new Cors(false, List.of());
        }
        List<Allowed> out = new ArrayList<>();
        for (String o : origins) {
            if (o == null) {
                throw new IllegalArgumentException("cors origin must not be null");
            }
            if (o.equals("*") || o.isEmpty()) {
                if (origins.size() > 1) {
                    throw new IllegalArgumentException("origin '" + o + "' must be the only entry");
                }
                return new Cors(o.equals("*"), List.of());
            }
            URI u;
            try {
                // '*' is not legal in a host name: parse with a placeholder label instead.
                u = new URI(o.replace("*", "x-wildcard-x"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("cors origin is not a URL: " + o);
            }
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("cors origin needs a scheme and a host: " + o);
            }
            String host = u.getHost().replace("x-wildcard-x", "*").toLowerCase(Locale.ROOT);
            out.add(new Allowed(o, u.getScheme().toLowerCase(Locale.ROOT), host.split("\\.", -1), u.getPort(),
                    host.contains("*")));
        }
        return new Cors(false, List.copyOf(out));
    }

    /** The value for Access-Control-Allow-Origin answering {@code origin}, or null when not allowed. */
    String allow(String origin) {
        if (any) {
            return origin == null || origin.isEmpty() ? "*" : origin;
        }
        if (origin == null || origin.isEmpty() || allowed.isEmpty()) {
            return null;
        }
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        if (u.getScheme() == null || u.getHost() == null) {
            return null;
        }
        String[] parts = u.getHost().toLowerCase(Locale.ROOT).split("\\.", -1);
        for (Allowed a : allowed) {
            if (a.origin().equals(origin)) {
                return origin;
            }
            if (!a.wildcard() || !a.scheme().equals(u.getScheme().toLowerCase(Locale.ROOT)) || a.port() != u.getPort()
                    || a.hostParts().length != parts.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                match = a.hostParts()[i].equals("*") || a.hostParts()[i].equals(parts[i]);
            }
            if (match) {
                return origin;
            }
        }
        return null;
    }

    /**
     * Answers an OPTIONS request as Tinode does: 204, {@code Vary} always, and for a preflight from
     * an allowed origin asking for an allowed method the {@code Access-Control-*} grants. Unlike
     * Tinode, whose upload endpoint answers preflights with the download methods (so a browser
     * never sends the POST), the upload endpoint grants POST and PUT.
     */
    void options(HttpServerExchange ex, boolean upload) {
        var out = ex.getResponseHeaders();
        out.add(Headers.VARY, "Origin");
        out.add(Headers.VARY, "Access-Control-Request-Method, Access-Control-Request-Headers");
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        String allowedOrigin = allow(origin);
        String method = ex.getRequestHeaders().getFirst(REQUEST_METHOD);
        List<String> methods = upload ? UPLOAD_METHODS : SERVE_METHODS;
        if (method != null && !method.isEmpty()) {
            if (allowedOrigin != null && methods.contains(method.toUpperCase(Locale.ROOT))) {
                String asked = ex.getRequestHeaders().getFirst(REQUEST_HEADERS);
                // Tinode answers "*", which browsers take literally on requests with credentials:
                // naming what was asked for grants the same and works with credentials too.
                out.put(ALLOW_HEADERS, asked == null || asked.isBlank() ? "*" : asked);
                out.put(ALLOW_CREDENTIALS, "true");
                out.put(ALLOW_METHODS, String.join(", ", methods));
                out.put(MAX_AGE, "86400");
                out.put(ALLOW_ORIGIN, allowedOrigin);
            }
        } else if (allowedOrigin != null && origin != null) {
            out.put(ALLOW_ORIGIN, origin);
        }
        ex.setStatusCode(204);
    }

    /**
     * Headers of an ordinary response: the request's origin back when it is allowed (what Tinode's
     * CORS helper means to do; its file handler adds nothing, so browsers could not read the
     * answer to a cross-origin upload).
     */
    void regular(HttpServerExchange ex) {
        String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
        String value = allow(origin);
        if (value != null) {
            ex.getResponseHeaders().put(ALLOW_ORIGIN, value);
        }
        // The answer names the asking origin: a cache must not hand it to another (files are cacheable).
        ex.getResponseHeaders().add(Headers.VARY, "Origin");
    }

    /** Whether this is an OPTIONS request (preflight or not). */
    static boolean isOptions(HttpServerExchange ex) {
        return Methods.OPTIONS.equals(ex.getRequestMethod());
    }
}

package io.github.tinodej.transport.undertow;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The headers Tinode adds to static content (TinodeWeb): {@code Referrer-Policy: origin},
 * {@code X-Frame-Options} unless turned off, and {@code Cache-Control} when a max age is set
 * (Tinode's {@code optionalHttpHeaders} and {@code cacheControlHandler} around its file server).
 */
final class StaticHeaders implements HttpHandler {
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString X_FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private final String frameOptions;
    private final String cacheControl;
    private final HttpHandler next;

    /**
     * @param frameOptions the X-Frame-Options value, or null for none
     * @param maxAge zero for no Cache-Control header
     */
    StaticHeaders(String frameOptions, Duration maxAge, HttpHandler next) {
        this.frameOptions = frameOptions;
        this.cacheControl = maxAge.isZero() ? null : "must-revalidate, public, max-age=" + maxAge.toSeconds();
        this.next = next;
    }

    /**
     * The static files handler with these headers, falling back to {@code notFound} for a missing
     * file (without Cache-Control: a 404 must not be cached for the max age); just
     * {@code notFound} when there is no static content.
     */
    static HttpHandler serve(Path root, ClassLoader loader, String prefix, HeaderSettings h, HttpHandler notFound) {
        HttpHandler missing = ex -> {
            ex.getResponseHeaders().remove(Headers.CACHE_CONTROL);
            notFound.handleRequest(ex);
        };
        ResourceManager files;
        if (root != null) {
            files = new PathResourceManager(root, 1024);
        } else if (loader != null) {
            files = new ClassPathResourceManager(loader, prefix);
        } else {
            return notFound;
        }
        return new StaticHeaders(h.frameOptions(), h.staticMaxAge(),
                new ResourceHandler(files, missing).setWelcomeFiles("index.html"));
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        ex.getResponseHeaders().put(REFERRER_POLICY, "origin");
        if (frameOptions != null) {
            ex.getResponseHeaders().put(X_FRAME_OPTIONS, frameOptions);
        }
        if (cacheControl != null) {
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
        }
        next.handleRequest(ex);
    }
}

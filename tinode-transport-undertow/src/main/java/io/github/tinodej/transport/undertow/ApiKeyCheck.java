package io.github.tinodej.transport.undertow;

import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.TransportContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Deque;

/**
 * Finds the API key where Tinode looks for it (header {@code X-Tinode-APIKey}, query
 * {@code apikey}, cookie {@code apikey}; first non-empty wins) and answers an invalid one with
 * HTTP 403 and Tinode's JSON body. Tinode also reads a form value {@code apikey} third; that
 * would mean reading an upload's body before knowing whether the caller may send one, and its
 * clients send the header. Stateless.
 */
final class ApiKeyCheck {
    static final HttpString HEADER = new HttpString("X-Tinode-APIKey");

    private ApiKeyCheck() {
    }

    /** The key from header, query or cookie. */
    static String find(HttpServerExchange ex) {
        String v = ex.getRequestHeaders().getFirst(HEADER);
        if (notEmpty(v)) {
            return v;
        }
        Deque<String> q = ex.getQueryParameters().get("apikey");
        if (q != null && notEmpty(q.peekFirst())) {
            return q.peekFirst();
        }
        Cookie c = ex.getRequestCookie("apikey");
        if (c != null && notEmpty(c.getValue())) {
            return c.getValue();
        }
        return null;
    }

    /** Sends a ctrl error as the whole HTTP response, status = ctrl code. */
    static void reject(HttpServerExchange ex, TransportContext ctx, Ctrl status, String contentType) {
        ex.setStatusCode(status.code());
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseSender().send(status.toFrame(ctx.clock().instant()));
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}

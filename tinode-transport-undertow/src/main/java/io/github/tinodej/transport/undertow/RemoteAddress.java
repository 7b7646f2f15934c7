package io.github.tinodej.transport.undertow;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetSocketAddress;

/** The client's address: the peer, or the first X-Forwarded-For entry when configured to trust it. */
final class RemoteAddress {
    static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
    private static final HttpString XFF = new HttpString("X-Forwarded-For");

    private RemoteAddress() {
    }

    static String of(HttpServerExchange ex, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String xff = ex.getRequestHeaders().getFirst(XFF);
            if (xff != null && !xff.isBlank()) {
                return xff.split(",")[0].trim();
            }
        }
        InetSocketAddress a = ex.getSourceAddress();
        return a == null || a.getAddress() == null ? "" : a.getAddress().getHostAddress();
    }

    static String fromPeer(WebSocketChannel channel, WebSocketHttpExchange exchange) {
        Object fromHandshake = exchange.getAttachment(KEY);
        if (fromHandshake instanceof String s) {
            return s;
        }
        InetSocketAddress a = channel.getSourceAddress();
        return a == null || a.getAddress() == null ? "" : a.getAddress().getHostAddress();
    }
}

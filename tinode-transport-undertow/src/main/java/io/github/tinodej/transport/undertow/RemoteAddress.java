package io.github.tinodej.transport.undertow;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address: the peer's, or, when {@code X-Forwarded-For} is honoured and the peer is
 * a trusted proxy, the right-most address in that header that is not a trusted proxy.
 *
 * <p>Each proxy appends the address it received the request from, so only the right end of the
 * header was written by proxies we trust; everything to the left of the first untrusted entry
 * came from the client and is ignored. Tinode's {@code getRemoteAddr} takes the header from any
 * peer, as a whole, so any client could name its own address. Immutable, thread-safe.
 */
final class RemoteAddress {
    static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
    private static final HttpString XFF = new HttpString("X-Forwarded-For");

    private final boolean honourForwardedFor;
    private final TrustedProxies proxies;

    RemoteAddress(boolean honourForwardedFor, TrustedProxies proxies) {
        this.honourForwardedFor = honourForwardedFor;
        this.proxies = proxies;
    }

    String of(HttpServerExchange ex) {
        InetSocketAddress a = ex.getSourceAddress();
        InetAddress peer = a == null ? null : a.getAddress();
        List<String> hops = new ArrayList<>();
        HeaderValues values = honourForwardedFor ? ex.getRequestHeaders().get(XFF) : null;
        if (values != null) {
            for (String v : values) {
                for (String hop : v.split(",")) {
                    hops.add(hop);
                }
            }
        }
        return resolve(peer, hops);
    }

    /**
     * The client address for a connection from {@code peer} carrying these {@code X-Forwarded-For}
     * entries (in header order). An entry that is not an address stops the walk: the last trusted
     * hop is then the best known address, and nothing left of it is believed.
     */
    String resolve(InetAddress peer, List<String> hops) {
        if (peer == null) {
            return "";
        }
        InetAddress client = peer;
        if (honourForwardedFor && proxies.contains(peer)) {
            for (int i = hops.size() - 1; i >= 0; i--) {
                InetAddress hop = TrustedProxies.forwarded(hops.get(i));
                if (hop == null) {
                    break;
                }
                client = hop;
                if (!proxies.contains(hop)) {
                    break;
                }
            }
        }
        return client.getHostAddress();
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

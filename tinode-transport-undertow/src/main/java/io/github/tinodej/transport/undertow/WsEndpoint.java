package io.github.tinodej.transport.undertow;

import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.TransportContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.HttpUpgradeListener;
import io.undertow.util.Methods;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.Handshake;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.AsyncWebSocketHttpServerExchange;
import org.xnio.StreamConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xnio.IoUtils;

/**
 * {@code /v0/channels}: checks the API key before the upgrade, then hands each text frame to the
 * engine on the I/O thread without decoding it. Frames above {@code max_message_size} close the
 * connection with 1009, as Go's read limit does. Pings keep idle connections alive; a connection
 * that sends nothing (not even a pong) for the idle timeout is closed. Undertow's own idle timeout
 * cannot see that: the server's pings are traffic too and keep resetting it, so each ping first
 * checks how long the client has been silent (Go's pong read deadline, reliability.md AB-04).
 */
final class WsEndpoint implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(WsEndpoint.class.getName());
    private static final int CLOSE_TOO_BIG = 1009;

    private final TransportContext ctx;
    private final HttpHandler handshake;
    private final long pingMillis;
    private final long idleMillis;
    private final RemoteAddress remoteAddress;
    private final Set<WsConnection> open = ConcurrentHashMap.newKeySet();
    /**
     * The peer set Undertow's exchange asks for; never filled: {@link #open} already lists the
     * connections, and a channel only removes itself from it on close.
     */
    private final Set<WebSocketChannel> peers = ConcurrentHashMap.newKeySet();
    /** The versions Undertow's handler accepts by default, newest first. */
    private final List<Handshake> handshakes = List.of(new Hybi13Handshake(), new Hybi08Handshake(), new Hybi07Handshake());

    WsEndpoint(TransportContext ctx, long pingMillis, long idleMillis, RemoteAddress remoteAddress) {
        this.ctx = ctx;
        this.pingMillis = pingMillis;
        this.idleMillis = idleMillis;
        this.remoteAddress = remoteAddress;
        this.handshake = new WebSocketProtocolHandshakeHandler(handshakes, new Upgrade());
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (!Methods.GET.equals(ex.getRequestMethod())) {
            ApiKeyCheck.reject(ex, ctx, Ctrl.OPERATION_NOT_ALLOWED, "application/json; charset=utf-8");
            return;
        }
        if (!ctx.isValidApiKey(ApiKeyCheck.find(ex))) {
            ApiKeyCheck.reject(ex, ctx, Ctrl.API_KEY_REQUIRED, "application/json; charset=utf-8");
            return;
        }
        String remote = remoteAddress.of(ex);
        if (!ctx.admits(remote)) {
            // Over the sessions-per-address cap: refused before the upgrade, with Tinode's JSON body.
            ApiKeyCheck.reject(ex, ctx, Ctrl.TOO_MANY_REQUESTS, "application/json; charset=utf-8");
            return;
        }
        ex.putAttachment(RemoteAddress.KEY, remote);
        handshake.handleRequest(ex);
    }

    /**
     * Closes every open connection (server stop). Sessions have already queued their shutdown
     * notice and a close frame, but Undertow writes asynchronously: closing the sockets at once
     * could drop both. Each connection gets a graceful close and up to {@code grace} to finish
     * writing; whatever is still open then is closed hard.
     */
    void closeAll(Duration grace) {
        List<CompletableFuture<Void>> gone = new ArrayList<>();
        for (WsConnection c : open) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            c.channel().addCloseTask(ch -> f.complete(null));
            if (!c.channel().isOpen()) {
                f.complete(null);
            }
            gone.add(f);
            c.close();
        }
        try {
            CompletableFuture.allOf(gone.toArray(new CompletableFuture[0]))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "some websocket connections did not close in time");
        }
        for (WsConnection c : open) {
            IoUtils.safeClose(c.channel());
            c.closed();
        }
        open.clear();
    }

    int openConnections() {
        return open.size();
    }

    /**
     * Makes the channel once the 101 is written. One listener serves every upgrade: Undertow keeps
     * the listener of each upgraded HTTP connection for the connection's life, and its stock
     * listener holds the handshake's exchange with every request header (1.5 KB a session).
     * This one takes the exchange as an argument and keeps nothing of it.
     */
    private final class Upgrade implements HttpUpgradeListener {
        @Override
        public void handleUpgrade(StreamConnection stream, HttpServerExchange ex) {
            AsyncWebSocketHttpServerExchange facade = new AsyncWebSocketHttpServerExchange(ex, peers);
            Handshake version = handshakes.stream().filter(h -> h.matches(facade)).findFirst().orElseThrow();
            WebSocketChannel channel = version.createChannel(facade, stream, facade.getBufferPool());
            connected(channel, RemoteAddress.fromPeer(channel, facade));
        }
    }

    private void connected(WebSocketChannel channel, String remote) {
        WsConnection conn = new WsConnection(channel, remote);
        open.add(conn);
        channel.addCloseTask(ch -> {
            open.remove(conn);
            conn.closed();
        });
        try {
            // The listener's read timeout is for request bodies; a WebSocket may be quiet
            // between pings for longer, and its liveness is the ping and idle check's job.
            channel.setOption(org.xnio.Options.READ_TIMEOUT, 0);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot clear the read timeout: {0}", e.toString());
        }
        SessionHandle h = ctx.openSession(conn, SessionKind.WEBSOCKET);
        conn.attach(h);
        if (idleMillis > 0) {
            channel.setIdleTimeout(idleMillis);
        }
        if (pingMillis > 0) {
            schedulePing(conn);
        }
        channel.getReceiveSetter().set(new Receiver(conn));
        channel.resumeReceives();
    }

    private void schedulePing(WsConnection conn) {
        scheduleTick(conn, pingMillis);
    }

    private void scheduleTick(WsConnection conn, long delayMillis) {
        conn.channel().getIoThread().executeAfter(() -> tick(conn), delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Pings every ping interval and closes a client silent for the idle timeout, at the moment
     * it runs out: waking only to ping, a deaf client would get up to a ping interval more.
     */
    private void tick(WsConnection conn) {
        WebSocketChannel channel = conn.channel();
        if (!channel.isOpen()) {
            return;
        }
        long silent = TimeUnit.NANOSECONDS.toMillis(conn.silentFor());
        if (idleMillis > 0 && silent >= idleMillis) {
            // No pong (nor anything else) for the idle timeout: the client is gone or deaf.
            LOG.log(System.Logger.Level.DEBUG, "websocket client silent for the idle timeout, closing");
            IoUtils.safeClose(channel);
            return;
        }
        long sincePing = TimeUnit.NANOSECONDS.toMillis(conn.sincePinged());
        if (sincePing >= pingMillis) {
            WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
            conn.pinged();
            sincePing = 0;
        }
        long next = pingMillis - sincePing;
        if (idleMillis > 0) {
            next = Math.min(next, idleMillis - silent);
        }
        scheduleTick(conn, Math.max(1, next));
    }

    private final class Receiver extends AbstractReceiveListener {
        private final WsConnection conn;

        Receiver(WsConnection conn) {
            this.conn = conn;
        }

        @Override
        protected long getMaxTextBufferSize() {
            return ctx.maxMessageSize();
        }

        @Override
        protected long getMaxBinaryBufferSize() {
            return ctx.maxMessageSize();
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            conn.heard();
            SessionHandle h = conn.handle();
            if (h != null) {
                h.onFrame(message.getData());
            }
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            conn.heard();
            // Tinode reads binary frames as text too; the engine then answers as for any frame.
            try {
                // The frame arrives in pooled buffers that may cut a character in two: join the
                // bytes first, then decode (invalid UTF-8 becomes U+FFFD, as in Go's decoder).
                ByteBuffer[] parts = message.getData().getResource();
                int size = 0;
                for (ByteBuffer b : parts) {
                    size += b.remaining();
                }
                ByteBuffer whole = ByteBuffer.allocate(size);
                for (ByteBuffer b : parts) {
                    whole.put(b);
                }
                SessionHandle h = conn.handle();
                if (h != null) {
                    h.onFrame(new String(whole.array(), StandardCharsets.UTF_8));
                }
            } finally {
                message.getData().free();
            }
        }

        @Override
        protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws IOException {
            conn.heard();
            super.onFullPongMessage(channel, message);
        }

        @Override
        protected void onCloseMessage(CloseMessage cm, WebSocketChannel channel) {
            conn.closed();
        }

        @Override
        protected void onError(WebSocketChannel channel, Throwable error) {
            if (error instanceof IOException && String.valueOf(error.getMessage()).contains("too large")
                    || String.valueOf(error.getMessage()).contains("UT002004")) {
                WebSockets.sendClose(CLOSE_TOO_BIG, "message too big", channel, null);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "websocket error: {0}", error.toString());
            }
            conn.closed();
            IoUtils.safeClose(channel);
        }
    }
}

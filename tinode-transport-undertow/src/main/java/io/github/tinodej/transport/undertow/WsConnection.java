package io.github.tinodej.transport.undertow;

import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;

/**
 * One WebSocket client. Sends are handed to Undertow's asynchronous writer and never block; the
 * engine guarantees one sender at a time per connection.
 */
final class WsConnection implements Connection {
    private final WebSocketChannel channel;
    private final String remote;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<SessionHandle> handle =
            new java.util.concurrent.atomic.AtomicReference<>();

    WsConnection(WebSocketChannel channel, String remote) {
        this.channel = channel;
        this.remote = remote;
    }

    @Override
    public void send(String frame, Runnable done) {
        if (closed.get()) {
            done.run();
            return;
        }
        WebSockets.sendText(frame, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                done.run();
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                done.run();
                close();
            }
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            WebSockets.sendClose(1000, "", channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    IoUtils.safeClose(ch);
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                    IoUtils.safeClose(ch);
                }
            });
        }
        closed();
    }

    void attach(SessionHandle h) {
        handle.set(h);
    }

    SessionHandle handle() {
        return handle.get();
    }

    /** The channel is gone: tell the engine once. */
    void closed() {
        closed.set(true);
        SessionHandle h = handle.getAndSet(null);
        if (h != null) {
            h.onClose();
        }
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    WebSocketChannel channel() {
        return channel;
    }
}

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
    private static final int NORMAL = 1000;
    /** How long a closing connection waits for the client's close frame. */
    static final long LINGER_MILLIS = 2000;

    private final WebSocketChannel channel;
    private final String remote;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicReference<SessionHandle> handle =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** When the client last sent a frame (a pong included), in System.nanoTime. */
    private volatile long lastHeard = System.nanoTime();
    /** When the server last pinged the client, in System.nanoTime; touched on the I/O thread only. */
    private long lastPinged = System.nanoTime();

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
        close(NORMAL, "");
    }

    /**
     * Sends the close frame and waits for the client's, reading (and dropping) what it still
     * sends meanwhile, for up to {@link #LINGER_MILLIS}. Closing the socket at once while a
     * flooding client's frames sit unread makes the kernel reset the connection, and the client
     * sees 1006 instead of the code and reason.
     */
    @Override
    public void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    try {
                        ch.getIoThread().executeAfter(() -> IoUtils.safeClose(ch), LINGER_MILLIS,
                                java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        // The server is stopping: no time to linger.
                        IoUtils.safeClose(ch);
                    }
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                    IoUtils.safeClose(ch);
                }
            });
        }
        closed();
    }

    /** The client sent a frame: it is alive. Called on the connection's I/O thread. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    /** Nanoseconds since the client last sent anything. */
    long silentFor() {
        return System.nanoTime() - lastHeard;
    }

    /** A ping went out. I/O thread only. */
    void pinged() {
        lastPinged = System.nanoTime();
    }

    /** Nanoseconds since the last ping (or since the connection opened). I/O thread only. */
    long sincePinged() {
        return System.nanoTime() - lastPinged;
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

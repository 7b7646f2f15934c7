package io.github.tinodej.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An in-JVM transport: host code (a bot, a test, a bridge) talks to the server as a client with no
 * socket. Add it to the builder, then call {@link #connect} after the server has started.
 *
 * <pre>{@code
 * LocalTransport local = new LocalTransport();
 * TinodeServer server = TinodeServer.builder().transport(local).build().start();
 * LocalTransport.Client c = local.connect(frame -> System.out.println(frame));
 * c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}");
 * }</pre>
 *
 * <p>Thread-safe. The listener is called on engine threads, one frame at a time, in order; it must
 * not block for long.
 */
public final class LocalTransport implements Transport {
    private volatile TransportContext context;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();

    @Override
    public void start(TransportContext ctx) {
        this.context = Objects.requireNonNull(ctx);
    }

    @Override
    public void stop(Duration grace) {
        for (Client c : clients) {
            c.close();
        }
        context = null;
    }

    /**
     * Opens a client session.
     *
     * @param listener receives every frame the server sends to this client
     * @throws IllegalStateException if the server is not running
     */
    public Client connect(Consumer<String> listener) {
        return connect(listener, () -> { });
    }

    /**
     * Opens a client session, with a callback run once when the server closes it.
     *
     * @throws IllegalStateException if the server is not running
     */
    public Client connect(Consumer<String> listener, Runnable onServerClose) {
        return connect(listener, onServerClose, "");
    }

    /**
     * Opens a client session that claims a client address. In-process clients have none by
     * default, so the rate limits keyed on addresses never apply to them; a test that exercises
     * those limits names one.
     *
     * @throws IllegalStateException if the server is not running
     */
    public Client connect(Consumer<String> listener, Runnable onServerClose, String remoteAddress) {
        TransportContext ctx = context;
        if (ctx == null) {
            throw new IllegalStateException("server not started");
        }
        Client c = new Client(listener, onServerClose, Objects.requireNonNull(remoteAddress, "remoteAddress"));
        clients.add(c);
        c.handle = ctx.openSession(c, SessionKind.LOCAL);
        return c;
    }

    /** One in-JVM client connection. Thread-safe. */
    public final class Client implements Connection, AutoCloseable {
        private final Consumer<String> listener;
        private final Runnable onServerClose;
        private volatile SessionHandle handle;
        private volatile boolean closed;

        private final String remoteAddress;

        private Client(Consumer<String> listener, Runnable onServerClose, String remoteAddress) {
            this.listener = Objects.requireNonNull(listener, "listener");
            this.onServerClose = Objects.requireNonNull(onServerClose, "onServerClose");
            this.remoteAddress = remoteAddress;
        }

        /** Sends one frame to the server; ignored once closed. */
        public synchronized void send(String frame) {
            if (!closed) {
                handle.onFrame(frame);
            }
        }

        /** True once either side closed the connection. */
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void send(String frame, Runnable done) {
            try {
                if (!closed) {
                    listener.accept(frame);
                }
            } finally {
                done.run();
            }
        }

        /** Closes from either side; the session ends. Idempotent. */
        @Override
        public void close() {
            boolean notify;
            synchronized (this) {
                notify = !closed;
                closed = true;
            }
            if (notify) {
                clients.remove(this);
                SessionHandle h = handle;
                if (h != null) {
                    h.onClose();
                }
                onServerClose.run();
            }
        }

        @Override
        public String remoteAddress() {
            return remoteAddress;
        }
    }
}

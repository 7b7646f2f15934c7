package io.github.tinodej.transport.undertow;

import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One long-polling client: frames wait here until a poll takes them, one frame per poll response
 * as Tinode does. At most one poll is parked; a newer poll releases the older one empty.
 * Thread-safe (every method holds the instance lock; responses are written outside it).
 */
final class LpSession implements Connection {
    private record Pending(String frame, Runnable done) {
    }

    final String sid;
    private final String remote;
    private final Consumer<LpSession> onClosed;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private SessionHandle handle;
    private HttpServerExchange parked;
    private long lastActivity = System.nanoTime();
    private boolean closed;

    LpSession(String sid, String remote, Consumer<LpSession> onClosed) {
        this.sid = sid;
        this.remote = remote;
        this.onClosed = onClosed;
    }

    void attach(SessionHandle h) {
        synchronized (this) {
            handle = h;
        }
    }

    SessionHandle handle() {
        synchronized (this) {
            return handle;
        }
    }

    synchronized void touch() {
        lastActivity = System.nanoTime();
    }

    synchronized boolean idleLongerThan(long nanos) {
        return parked == null && System.nanoTime() - lastActivity > nanos;
    }

    @Override
    public void send(String frame, Runnable done) {
        HttpServerExchange ex;
        synchronized (this) {
            if (closed) {
                ex = null;
            } else if (parked != null) {
                ex = parked;
                parked = null;
                // Idle time counts from the poll's answer, not its arrival: a poll parked for
                // longer than the session timeout must not let the session expire before the
                // client's next poll arrives.
                lastActivity = System.nanoTime();
            } else {
                queue.add(new Pending(frame, done));
                return;
            }
        }
        if (ex == null) {
            done.run();
            return;
        }
        LpEndpoint.respond(ex, 200, frame);
        done.run();
    }

    /**
     * A poll arrived: answered at once with a queued frame, or parked until one arrives.
     *
     * @return the exchange that was parked before and must now be released empty, or null
     */
    HttpServerExchange poll(HttpServerExchange ex) {
        Pending p;
        HttpServerExchange previous;
        synchronized (this) {
            lastActivity = System.nanoTime();
            p = queue.poll();
            previous = parked;
            parked = p == null ? ex : null;
        }
        if (p != null) {
            LpEndpoint.respond(ex, 200, p.frame());
            p.done().run();
        }
        return previous;
    }

    /** The poll timed out: release it empty if it is still parked. */
    void expire(HttpServerExchange ex) {
        synchronized (this) {
            if (parked != ex) {
                return;
            }
            parked = null;
            lastActivity = System.nanoTime();
        }
        LpEndpoint.respond(ex, 200, "");
    }

    @Override
    public void close() {
        HttpServerExchange ex;
        ArrayDeque<Pending> dropped;
        SessionHandle h;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ex = parked;
            parked = null;
            dropped = new ArrayDeque<>(queue);
            queue.clear();
            h = handle;
        }
        if (ex != null) {
            LpEndpoint.respond(ex, 200, "");
        }
        dropped.forEach(p -> p.done().run());
        onClosed.accept(this);
        if (h != null) {
            h.onClose();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }
}

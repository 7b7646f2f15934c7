package io.github.tinodej.transport.undertow;

import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One long-polling client: frames wait here until a poll takes them, one frame per poll response
 * as Tinode does. At most one poll is parked; a newer poll releases the older one empty.
 *
 * <p>When the engine closes the session (account deleted, evicted, server stopping) the frames it
 * queued last are still owed to the client: the session stops taking new frames but stays
 * reachable until polls have taken what is queued (Go's long-polling loop writes the stop
 * message as the last poll response), or until it idles out. Only then does its id answer 403.
 *
 * <p>Thread-safe (every method holds the instance lock; responses are written outside it).
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
    /** No new frames are taken; queued ones are still served to polls. */
    private boolean closing;
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
            if (closed || closing) {
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
        boolean drained;
        synchronized (this) {
            lastActivity = System.nanoTime();
            p = queue.poll();
            previous = parked;
            drained = closing && queue.isEmpty();
            parked = p == null && !drained ? ex : null;
        }
        if (p != null) {
            LpEndpoint.respond(ex, 200, p.frame());
            p.done().run();
        } else if (drained) {
            LpEndpoint.respond(ex, 200, "");
        }
        if (drained) {
            finish();
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

    /**
     * The engine closes the session: it is done with it at once, but frames still queued wait for
     * the client's polls. With nothing queued the session closes now.
     */
    @Override
    public void close() {
        SessionHandle h;
        boolean now;
        synchronized (this) {
            if (closed || closing) {
                return;
            }
            closing = true;
            now = queue.isEmpty();
            h = handle;
        }
        if (h != null) {
            h.onClose();
        }
        if (now) {
            closeNow();
        }
    }

    /** Closes at once, dropping what is queued (idle timeout, transport stop). */
    void closeNow() {
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
            h = closing ? null : handle;
            closing = true;
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

    /** The last owed frame went out: the id is forgotten. */
    private void finish() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClosed.accept(this);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** True once the engine closed the session, even while queued frames are still served. */
    synchronized boolean isClosing() {
        return closing;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }
}

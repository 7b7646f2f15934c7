package io.github.tinodej.internal.session;

import io.github.tinodej.transport.Connection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Frames on their way to one client. Any engine thread may offer; exactly one thread at a time
 * hands frames to the {@link Connection} (the work-in-progress counter elects it), so the
 * connection never sees concurrent sends and nobody waits for a lock. Frames count as pending until
 * the transport reports them written; a client with more than {@code limit} pending frames is too
 * slow and gets disconnected rather than being allowed to hold memory or block anyone. Tinode
 * instead drops the frame and detaches the session from that one topic ("connection stuck,
 * detaching"), leaving a client that believes it is attached but misses messages; closing makes the
 * client reconnect and fetch what it missed (reliability.md prefers this).
 */
final class Outbox {
    private final Connection conn;
    private final int limit;
    private final Runnable onOverflow;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final Runnable written = this::written;
    /** Queue marker: close the connection once everything before it was handed over. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String CLOSE = new String("close");
    private volatile boolean dead;
    /** Set before the CLOSE marker is queued; 0 for a plain close. */
    private volatile int closeCode;
    private volatile String closeReason = "";
    private final java.util.concurrent.CompletableFuture<Void> flushed = new java.util.concurrent.CompletableFuture<>();

    Outbox(Connection conn, int limit, Runnable onOverflow) {
        this.conn = conn;
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    /** Queues a frame; returns false if the session is dead or just overflowed. */
    boolean offer(String frame) {
        if (dead) {
            return false;
        }
        if (pending.incrementAndGet() > limit) {
            pending.decrementAndGet();
            dead = true;
            queue.clear();
            onOverflow.run();
            return false;
        }
        queue.add(frame);
        if (wip.getAndIncrement() == 0) {
            do {
                String f;
                while ((f = queue.poll()) != null) {
                    if (f == CLOSE) {
                        pending.decrementAndGet();
                        dead = true;
                        if (closeCode == 0) {
                            conn.close();
                        } else {
                            conn.close(closeCode, closeReason);
                        }
                        flushed.complete(null);
                        continue;
                    }
                    if (dead) {
                        pending.decrementAndGet();
                        continue;
                    }
                    conn.send(f, written);
                }
            } while (wip.decrementAndGet() != 0);
        }
        return true;
    }

    /**
     * Closes the connection after the frames already queued were handed to it, whichever thread
     * is draining; a plain close could overtake a frame another thread is about to send.
     */
    java.util.concurrent.CompletableFuture<Void> closeAfterFlush() {
        if (!offer(CLOSE)) {
            conn.close();
            flushed.complete(null);
        }
        return flushed;
    }

    /** Like {@link #closeAfterFlush()}, with a close code and reason for the client (WebSocket). */
    java.util.concurrent.CompletableFuture<Void> closeAfterFlush(int code, String reason) {
        closeReason = reason;
        closeCode = code;
        if (!offer(CLOSE)) {
            conn.close(code, reason);
            flushed.complete(null);
        }
        return flushed;
    }

    /** Stops sending; later offers are dropped. */
    void kill() {
        dead = true;
    }

    int pending() {
        return pending.get();
    }

    private void written() {
        pending.decrementAndGet();
    }
}

package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.Message;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a message advances besides its own row, written behind it: its topic's seq and touched
 * time and its sender's read and received markers; and when a user's last session left (the same
 * kind of value: a row per session that ends, and it only moves forward). Written in the message's
 * transaction they were two more rows in two more tables, each a page that H2 rewrites whole on
 * commit: S2 ran at 0.7x of what it does with them here. They collect in memory, merged by maximum
 * (they only grow), and the store's writer thread writes them every {@link #period}, in slices
 * between batches of messages ({@link GroupCommit}), merged by maximum with the rows again, so a
 * write of the same row by another path (a read note) is never moved back.
 *
 * <p>Reads see them at once: the store lays these values over the rows it reads. A reader takes
 * the pending value before reading the row, and a value leaves this map only after its write
 * committed, so a reader always sees one of the two. The message itself is durable before its
 * ack, as before. After a crash (or on another node of a cluster) what was pending is recovered
 * from the message log when the topic is next loaded ({@link TopicRows}): its seq and touched time
 * from its last message, and the markers of the senders past the stored seq are queued here again.
 * Last-seen times pending at a crash are lost (the previous one stays).
 */
final class WriteBehind {
    /** A topic's seq and touched time as its messages left them. */
    record Touch(int seq, Instant touched) {
        static Touch later(Touch a, Touch b) {
            int seq = Math.max(a.seq, b.seq);
            Instant t = a.touched.isAfter(b.touched) ? a.touched : b.touched;
            return seq == a.seq && t == a.touched ? a : new Touch(seq, t);
        }
    }

    /** When a user was last seen, and with which client. */
    record Seen(Instant when, String userAgent) {
        static Seen later(Seen a, Seen b) {
            return b.when.isAfter(a.when) ? b : a;
        }
    }

    /** A subscription: topic and user. */
    record SubKey(String topic, long user) {
    }

    /** How often the writer writes what collected; zero: never collect, write with each message. */
    final Duration period;
    private final Kind<String, Touch> topics = new Kind<>();
    private final Kind<SubKey, Integer> markers = new Kind<>();
    private final Kind<Long, Seen> seen = new Kind<>();
    private volatile Runnable wake = () -> { };
    /** Held while a write of collected values runs, so {@link #forget} waits for it. */
    private final Object writing = new Object();
    /** Slices written so far, counted before their values are dropped ({@link #overRows}). */
    private final java.util.concurrent.atomic.AtomicLong slicesWritten = new java.util.concurrent.atomic.AtomicLong();

    /** One kind of value behind: the values, and the keys of the write in progress (writer thread only). */
    private static final class Kind<K, V> {
        final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>();
        private List<K> due = List.of();
        private int next;

        void startWrite() {
            due = new ArrayList<>(values.keySet());
            next = 0;
        }

        boolean writing() {
            return next < due.size();
        }

        void abandon() {
            due = List.of();
            next = 0;
        }

        /** The next at most {@code max} keys due that still have a value, with their values now. */
        Map<K, V> slice(int max) {
            Map<K, V> out = new HashMap<>();
            while (next < due.size() && out.size() < max) {
                K k = due.get(next++);
                V v = values.get(k);
                if (v != null) {
                    out.put(k, v);
                }
            }
            return out;
        }

        /** Drops the values written, unless they moved meanwhile. */
        void written(Map<K, V> slice) {
            slice.forEach(values::remove);
        }
    }

    WriteBehind(Duration period) {
        this.period = period;
    }

    boolean enabled() {
        return !period.isZero();
    }

    /** Values waiting, all kinds together. */
    long size() {
        return topics.values.mappingCount() + markers.values.mappingCount() + seen.values.mappingCount();
    }

    boolean isEmpty() {
        return topics.values.isEmpty() && markers.values.isEmpty() && seen.values.isEmpty();
    }

    /** Whether a message of the topic was stored since its last write: then the topic exists. */
    boolean knows(String topic) {
        return topics.values.containsKey(topic);
    }

    /** A committed message: its topic and sender moved. */
    void advanced(Message m) {
        advanced(m.topic(), m.seq(), m.created(), m.from());
    }

    void advanced(String topic, int seq, Instant at, Uid from) {
        topics.values.merge(topic, new Touch(seq, at), Touch::later);
        if (from.isValid()) {
            markers.values.merge(new SubKey(topic, from.value()), seq, Math::max);
        }
    }

    /**
     * Values recovered from the message log after a crash ({@link #advanced(String, int, Instant,
     * Uid)} for each sender): wakes the writer, so that the rows catch up even if no message comes.
     */
    void recovered() {
        wake.run();
    }

    /** A user's last session left: when, and with which client. Wakes the writer. */
    void seen(Uid user, Instant when, String userAgent) {
        seen.values.merge(user.value(), new Seen(when, userAgent), Seen::later);
        wake.run();
    }

    /** What to run when a value comes from outside the writer thread: {@link GroupCommit} wakes its writer. */
    void onValue(Runnable r) {
        this.wake = r;
    }

    /** The pending last-seen time of a user, taken before the row is read; null when none. */
    Seen pendingSeen(Uid user) {
        return seen.values.get(user.value());
    }

    /** The user with a pending last-seen time laid over it. */
    static io.github.tinodej.model.User over(io.github.tinodej.model.User u, Seen p) {
        if (u == null || p == null || u.lastSeen() != null && !p.when.isAfter(u.lastSeen())) {
            return u;
        }
        return u.withLastSeen(p.when, p.userAgent);
    }

    /** The pending values of a topic, taken before its row is read; null when none. */
    Touch pending(String topic) {
        return topics.values.get(topic);
    }

    /** The row with the pending values laid over it. */
    static TopicRecord over(TopicRecord t, Touch p) {
        if (t == null || p == null) {
            return t;
        }
        int seq = Math.max(t.seqId(), p.seq);
        Instant touched = t.touched() == null || p.touched.isAfter(t.touched()) ? p.touched : t.touched();
        return seq == t.seqId() && touched.equals(t.touched()) ? t : t.withSeq(seq, touched);
    }

    /** The pending sender markers of one subscription, taken before its row is read; null when none. */
    Integer pending(String topic, Uid user) {
        return markers.values.get(new SubKey(topic, user.value()));
    }

    /**
     * Rows of subscriptions read by {@code read}, each with its pending sender marker laid over it.
     * The markers are looked up per row after the read, which costs O(rows) where a scan of every
     * pending marker would cost O(pending); a marker written and dropped between the row's read and
     * its lookup would be in neither, so if a slice was written meanwhile the rows are read again,
     * then with the writer held off.
     */
    List<Subscription> overRows(java.util.function.Supplier<List<Subscription>> read) {
        long before = slicesWritten.get();
        List<Subscription> out = overPending(read.get());
        if (slicesWritten.get() == before) {
            return out;
        }
        synchronized (writing) {
            return overPending(read.get());
        }
    }

    private List<Subscription> overPending(List<Subscription> rows) {
        if (markers.values.isEmpty()) {
            return rows;
        }
        List<Subscription> out = new ArrayList<>(rows.size());
        for (Subscription s : rows) {
            out.add(over(s, markers.values.get(new SubKey(s.topic(), s.user().value()))));
        }
        return out;
    }

    /** The row with a pending sender marker laid over it. */
    static Subscription over(Subscription s, Integer seq) {
        if (s == null || seq == null || s.readSeq() >= seq && s.recvSeq() >= seq) {
            return s;
        }
        return s.withSeqs(Math.max(s.readSeq(), seq), Math.max(s.recvSeq(), seq));
    }

    /** Starts writing what collected by now, in slices ({@link #writeSlice}); on the writer thread. */
    void startWrite() {
        topics.startWrite();
        markers.startWrite();
        seen.startWrite();
    }

    /** Whether a write started is not finished. */
    boolean writing() {
        return topics.writing() || markers.writing() || seen.writing();
    }

    /**
     * Writes the next slice of at most {@code max} topics and {@code max} markers in one
     * transaction, on the writer thread between batches of messages: one transaction for everything
     * would hold the messages behind it for as long as a thousand rows take. A value that moved
     * while it was written stays for the next write. On failure the write is abandoned (what it
     * did not write stays) and the exception thrown.
     */
    void writeSlice(Database database, PublishStatements statements, int max) {
        synchronized (writing) {
            Map<String, Touch> t = topics.slice(max);
            Map<SubKey, Integer> m = markers.slice(max);
            Map<Long, Seen> u = seen.slice(max);
            if (t.isEmpty() && m.isEmpty() && u.isEmpty()) {
                return;
            }
            try {
                Db.tx(database.db(), d -> {
                    statements.writeCollected(d, t, m, u);
                    return null;
                });
            } catch (RuntimeException e) {
                topics.abandon();
                markers.abandon();
                seen.abandon();
                throw e;
            }
            slicesWritten.incrementAndGet();
            topics.written(t);
            markers.written(m);
            seen.written(u);
        }
    }

    /**
     * Drops what is pending for a topic about to be deleted for good, so that a write behind the
     * delete cannot give a topic made again under the same name (a p2p topic) the old seq.
     */
    void forget(String topic) {
        synchronized (writing) {
            topics.values.remove(topic);
            markers.values.keySet().removeIf(k -> k.topic.equals(topic));
        }
    }
}

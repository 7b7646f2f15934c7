package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.Message;
import io.github.tinodej.store.StoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Saving messages by group commit on one writer thread: messages that arrive from any number of
 * topics while a commit is in flight are written together in the next transaction, so one flush
 * makes many messages durable. A topic waits for its message's future without holding a thread,
 * so a batch is as large as the number of topics with a message waiting (with callers blocked on
 * a commit lock it could be no larger than the worker pool). Each future completes only after the
 * commit holding its message (and, on an embedded H2 file, after the {@link H2Journal} holds it), so
 * an acknowledgement is never sent for anything that could be lost;
 * each message's file references are in that same transaction ({@link PublishStatements}), and
 * its topic's seq and sender's markers too, or, by default, in {@link WriteBehind}, which this
 * thread writes every {@link WriteBehind#period} in paced slices between batches and before it stops. A failing batch is retried message by message so one bad message (a
 * duplicate seq) fails alone, unless the connection failed: then the whole batch fails at once.
 * Futures complete in the order their messages were queued.
 */
final class GroupCommit implements AutoCloseable {
    /** Most messages in one transaction: bounds the transaction's size and its retry on failure. */
    static final int MAX_BATCH = 512;
    /** Most messages waiting for the writer; beyond that a save fails at once instead of queueing. */
    static final int MAX_QUEUED = 65_536;

    /** A message waiting for the group commit that makes it durable. */
    private record PendingSave(Message msg, Collection<String> fileIds, CompletableFuture<Void> done) {
    }

    private static final PendingSave STOP = new PendingSave(null, List.of(), null);
    /** Wakes the writer for values behind that came without a message (a last-seen time). */
    private static final PendingSave WAKE = new PendingSave(null, List.of(), null);

    private final Database database;
    private final Caches caches;
    private final PublishStatements statements;
    private final WriteBehind behind;
    private final BlockingQueue<PendingSave> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Object lifecycle = new Object();
    /** Whether the writer's last batch failed (database down): then writing behind waits. */
    private boolean lastBatchFailed;
    /** Values behind past which they are written at once, not at the end of the period. */
    static final int MAX_BEHIND = 100_000;
    /**
     * Most topics, most sender markers and most last-seen times written behind in one transaction:
     * a message that comes while a slice is written waits for it, and 16 of each take 1-3 ms in H2
     * (each row's page is written whole on commit).
     */
    private static final int SLICE = 16;
    /**
     * After a slice the writer waits this many times as long as the slice took before the next,
     * so writing what collected over a period takes at most a quarter of the core at any moment
     * instead of all of it in a burst that queues every message behind it (the tail in S2).
     */
    private static final int SLICE_PACE = 3;
    /** How long after a failed write behind the next one is tried, at least. */
    private static final long RETRY_NANOS = 10_000_000_000L;
    private Thread writer;
    private boolean closed;

    GroupCommit(Database database, Caches caches, WriteBehind behind) {
        this.database = database;
        this.caches = caches;
        this.behind = behind;
        this.statements = new PublishStatements(database);
        behind.onValue(this::wake);
    }

    /** Starts the writer if needed and makes it look at the values behind. */
    private void wake() {
        synchronized (lifecycle) {
            if (!closed) {
                startWriter();
                queue.offer(WAKE);
            }
        }
    }

    private void startWriter() {
        if (writer == null) {
            writer = new Thread(this::run, "tinodej-store-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Returns once the message is committed; throws what its commit failed with. */
    void save(Message m, Collection<String> fileIds) {
        try {
            saveAsync(m, fileIds).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Queues the message for the writer; the stage completes once it is committed. */
    CompletionStage<Void> saveAsync(Message m, Collection<String> fileIds) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        PendingSave p = new PendingSave(m, List.copyOf(fileIds), done);
        synchronized (lifecycle) {
            if (closed) {
                done.completeExceptionally(new StoreException(StoreException.Kind.INTERNAL, "store closed"));
                return done;
            }
            startWriter();
            if (!queue.offer(p)) {
                done.completeExceptionally(new StoreException(StoreException.Kind.INTERNAL,
                        "too many messages waiting for the database"));
            }
        }
        return done;
    }

    /** Takes saves again after {@link #close()} (a store may be opened again). */
    void open() {
        synchronized (lifecycle) {
            closed = false;
            writer = null;
        }
    }

    /** Commits what is queued, then stops the writer; later saves fail until {@link #open()}. */
    @Override
    public void close() {
        Thread w;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            w = writer;
            if (w != null) {
                // Blocks only while the queue is full, which the writer is emptying.
                queue.add(STOP);
            }
        }
        if (w != null) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        database.markStoreWriter();
        List<PendingSave> batch = new ArrayList<>();
        long periodNanos = behind.period.toNanos();
        long due = System.nanoTime() + periodNanos;
        // When the next slice of values behind may be written (pacing, see SLICE_PACE).
        long nextSlice = due;
        while (true) {
            PendingSave first;
            try {
                // With values behind, wake up when they are due (or the next slice is) even if no message comes.
                long wakeAt = behind.writing() ? nextSlice : due;
                first = behind.isEmpty() && !behind.writing() ? queue.take()
                        : queue.poll(Math.max(0, wakeAt - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Nobody interrupts the writer but the JVM going down; what waits fails below.
                failAll(new StoreException(StoreException.Kind.INTERNAL, "store writer interrupted"));
                return;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            }
            // By identity: the two markers are equal records.
            batch.removeIf(p -> p == WAKE);
            boolean stop = batch.removeIf(p -> p == STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            long now = System.nanoTime();
            // Values behind are written a slice between two batches, never while the database fails
            // (each attempt would hold the next messages for a timeout); all of them before stopping.
            if (lastBatchFailed && !stop) {
                lastBatchFailed = false;
                due = now + Math.max(10 * periodNanos, RETRY_NANOS);
            } else if (stop) {
                behind.startWrite();
                while (behind.writing() && writeBehind()) {
                    // next slice
                }
            } else if (sliceDue(now, due, nextSlice)) {
                if (!behind.writing()) {
                    behind.startWrite();
                    due = now + periodNanos;
                }
                if (writeBehind()) {
                    long took = System.nanoTime() - now;
                    nextSlice = now + took + SLICE_PACE * took;
                } else {
                    due = now + Math.max(10 * periodNanos, RETRY_NANOS);
                    nextSlice = due;
                }
            }
            if (stop) {
                failAll(new StoreException(StoreException.Kind.INTERNAL, "store closed"));
                return;
            }
        }
    }

    /**
     * Whether a slice of values behind is to be written now: the next of a write in progress once
     * its pace allows, the first of a new write once the period ended, or at once past the cap.
     */
    private boolean sliceDue(long now, long due, long nextSlice) {
        if (behind.size() > MAX_BEHIND) {
            return true;
        }
        return behind.writing() ? now - nextSlice >= 0 : now - due >= 0 && !behind.isEmpty();
    }

    /** Writes what collected; on failure (database down) it stays, to be tried again later. */
    private boolean writeBehind() {
        if (!behind.enabled()) {
            return true;
        }
        try {
            behind.writeSlice(database, statements, SLICE);
            return true;
        } catch (RuntimeException e) {
            System.getLogger(GroupCommit.class.getName()).log(System.Logger.Level.WARNING,
                    "writing topics' seq and senders' markers failed, will retry: " + e.getMessage());
            return false;
        }
    }

    /** Whether the topic's row is known to exist without reading it. */
    private boolean topicKnown(String topic) {
        return behind.knows(topic) || caches.enabled && caches.topics.getIfPresent(topic) != null;
    }

    private void write(org.jooq.DSLContext d, PendingSave p) {
        if (behind.enabled()) {
            statements.writeMessageOnly(d, p.msg, p.fileIds, topicKnown(p.msg.topic()));
        } else {
            statements.write(d, p.msg, p.fileIds);
        }
    }

    private void failAll(RuntimeException e) {
        PendingSave p;
        while ((p = queue.poll()) != null) {
            if (p != STOP && p != WAKE) {
                p.done.completeExceptionally(e);
            }
        }
    }

    /**
     * With an {@link H2Journal}, a committed message is durable once the journal holds it; one that
     * cannot be made durable fails (its row may still be stored later, as after any failed commit).
     */
    private void journal(List<PendingSave> batch, RuntimeException[] errors) {
        H2Journal journal = database.journal();
        if (journal == null) {
            return;
        }
        List<Message> ok = new ArrayList<>(batch.size());
        List<Collection<String>> files = new ArrayList<>(batch.size());
        for (int i = 0; i < errors.length; i++) {
            if (errors[i] == null) {
                ok.add(batch.get(i).msg);
                files.add(batch.get(i).fileIds);
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        try {
            journal.append(ok, files);
        } catch (RuntimeException e) {
            StoreException failed = new StoreException(StoreException.Kind.INTERNAL, "message not made durable: " + e.getMessage(), e);
            for (int i = 0; i < errors.length; i++) {
                if (errors[i] == null) {
                    errors[i] = failed;
                }
            }
        }
    }

    private void commit(List<PendingSave> batch) {
        RuntimeException[] errors = new RuntimeException[batch.size()];
        boolean settled = false;
        try {
            Db.tx(database.db(), d -> {
                for (PendingSave p : batch) {
                    write(d, p);
                }
                return null;
            });
            settled = true;
            lastBatchFailed = false;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                errors[0] = e;
            } else if (BrokenConnections.isConnectionFailure(e)) {
                // The database is unreachable, or the connection died (perhaps after the COMMIT went
                // through): one attempt per message would only make the last caller wait a
                // connection timeout per message ahead of it, and each retry of a batch that did
                // commit would report a duplicate. Every message shares the batch's outcome.
                for (int i = 0; i < errors.length; i++) {
                    errors[i] = new StoreException(StoreException.Kind.INTERNAL, e.getMessage(), e);
                }
            } else {
                for (int i = 0; i < errors.length; i++) {
                    PendingSave p = batch.get(i);
                    try {
                        Db.tx(database.db(), d -> {
                            write(d, p);
                            return null;
                        });
                    } catch (RuntimeException one) {
                        errors[i] = one;
                    }
                }
            }
            settled = true;
            lastBatchFailed = java.util.Arrays.stream(errors).allMatch(java.util.Objects::nonNull);
        } finally {
            // The topics' seq and touched time moved (or may have: a failure can follow a commit).
            // Behind, the cached row moves with the message; else it is read again.
            for (int i = 0; i < errors.length; i++) {
                Message m = batch.get(i).msg;
                if (behind.enabled() && settled && errors[i] == null) {
                    behind.advanced(m);
                    caches.topics.asMap().computeIfPresent(m.topic(),
                            (k, t) -> WriteBehind.over(t, new WriteBehind.Touch(m.seq(), m.created())));
                } else {
                    caches.topics.invalidate(m.topic());
                }
            }
        }
        journal(batch, errors);
        for (int i = 0; i < errors.length; i++) {
            CompletableFuture<Void> done = batch.get(i).done;
            if (errors[i] == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(errors[i]);
            }
        }
    }
}

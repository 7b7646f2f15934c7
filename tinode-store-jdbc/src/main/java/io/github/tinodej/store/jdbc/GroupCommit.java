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
 * commit holding its message, so an acknowledgement is never sent for anything that could be lost;
 * each message's topic seq, sender's markers and file references are in that same transaction
 * ({@link PublishStatements}). A failing batch is retried message by message so one bad message (a
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

    private final Database database;
    private final Caches caches;
    private final PublishStatements statements;
    private final BlockingQueue<PendingSave> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Object lifecycle = new Object();
    private Thread writer;
    private boolean closed;

    GroupCommit(Database database, Caches caches) {
        this.database = database;
        this.caches = caches;
        this.statements = new PublishStatements(database);
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
            if (writer == null) {
                writer = new Thread(this::run, "tinodej-store-writer");
                writer.setDaemon(true);
                writer.start();
            }
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
        List<PendingSave> batch = new ArrayList<>();
        while (true) {
            PendingSave first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                // Nobody interrupts the writer but the JVM going down; what waits fails below.
                failAll(new StoreException(StoreException.Kind.INTERNAL, "store writer interrupted"));
                return;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
            if (stop) {
                failAll(new StoreException(StoreException.Kind.INTERNAL, "store closed"));
                return;
            }
        }
    }

    private void failAll(RuntimeException e) {
        PendingSave p;
        while ((p = queue.poll()) != null) {
            if (p != STOP) {
                p.done.completeExceptionally(e);
            }
        }
    }

    private void commit(List<PendingSave> batch) {
        RuntimeException[] errors = new RuntimeException[batch.size()];
        try {
            Db.tx(database.db(), d -> {
                for (PendingSave p : batch) {
                    statements.write(d, p.msg, p.fileIds);
                }
                return null;
            });
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
                            statements.write(d, p.msg, p.fileIds);
                            return null;
                        });
                    } catch (RuntimeException one) {
                        errors[i] = one;
                    }
                }
            }
        } finally {
            // The topics' seq and touched time moved (or may have: a failure can follow a commit).
            batch.forEach(p -> caches.topics.invalidate(p.msg.topic()));
        }
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

package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.Message;
import io.github.tinodej.store.StoreException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Saving messages by group commit: messages that arrive from several topics while a commit is in
 * flight are written together in the next transaction, so one flush makes many messages durable.
 * Each caller still returns only after the commit holding its message, so an acknowledgement is
 * never sent for anything that could be lost; each message's topic seq, sender's markers and file
 * references are in that same transaction ({@link PublishStatements}). A failing batch is retried
 * message by message so one bad message (a duplicate seq) fails alone, unless the connection
 * failed: then the whole batch fails at once.
 *
 * <p>Threading: called from many worker threads at once; one of them at a time commits, for
 * itself and for whoever queued meanwhile.
 */
final class GroupCommit {
    /** A message waiting for the group commit that makes it durable. */
    private static final class PendingSave {
        final Message msg;
        final Collection<String> fileIds;
        boolean done;
        RuntimeException error;

        PendingSave(Message msg, Collection<String> fileIds) {
            this.msg = msg;
            this.fileIds = fileIds;
        }
    }

    private final Database database;
    private final Caches caches;
    private final PublishStatements statements;
    private final ArrayDeque<PendingSave> saveQueue = new ArrayDeque<>();
    private final Object commitLock = new Object();

    GroupCommit(Database database, Caches caches) {
        this.database = database;
        this.caches = caches;
        this.statements = new PublishStatements(database);
    }

    /** Returns once the message is committed; throws what its commit failed with. */
    void save(Message m, Collection<String> fileIds) {
        PendingSave mine = new PendingSave(m, List.copyOf(fileIds));
        synchronized (saveQueue) {
            saveQueue.add(mine);
        }
        synchronized (commitLock) {
            // Whoever holds the lock commits everything queued; a caller whose message was in an
            // earlier batch finds it done when it gets the lock.
            if (!mine.done) {
                List<PendingSave> batch = new ArrayList<>();
                synchronized (saveQueue) {
                    PendingSave p;
                    while ((p = saveQueue.poll()) != null) {
                        batch.add(p);
                    }
                }
                commit(batch);
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
    }

    private void commit(List<PendingSave> batch) {
        try {
            Db.tx(database.db(), d -> {
                for (PendingSave p : batch) {
                    statements.write(d, p.msg, p.fileIds);
                }
                return null;
            });
            batch.forEach(p -> p.done = true);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).error = e;
                batch.get(0).done = true;
            } else if (BrokenConnections.isConnectionFailure(e)) {
                // The database is unreachable, or the connection died (perhaps after the COMMIT went
                // through): one attempt per message would only make the last caller wait a
                // connection timeout per message ahead of it, and each retry of a batch that did
                // commit would report a duplicate. Every message shares the batch's outcome.
                for (PendingSave p : batch) {
                    p.error = new StoreException(StoreException.Kind.INTERNAL, e.getMessage(), e);
                    p.done = true;
                }
            } else {
                for (PendingSave p : batch) {
                    try {
                        Db.tx(database.db(), d -> {
                            statements.write(d, p.msg, p.fileIds);
                            return null;
                        });
                    } catch (RuntimeException one) {
                        p.error = one;
                    }
                    p.done = true;
                }
            }
        } finally {
            // The topics' seq and touched time moved (or may have: a failure can follow a commit).
            batch.forEach(p -> caches.topics.invalidate(p.msg.topic()));
        }
    }
}

package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;

/**
 * An embedded H2 file database that writes its changes once per checkpoint instead of once per
 * commit, while every acknowledged write stays durable.
 *
 * <p>With {@code WRITE_DELAY=0} H2 writes a new chunk of its file on every commit: serializing the
 * pages a commit changed was a third of the store writer's CPU per message, each chunk is a heap
 * object until compaction frees it, and the pages pass through H2's page cache, which is most of
 * what survives a young collection (the tail latency of issue 18). Here the database runs with a
 * write delay instead, and:
 * <ul>
 *   <li>messages, the bulk of the writes, are appended to the {@link MessageJournal} after their
 *       commit and acknowledged once the bytes are in the file;</li>
 *   <li>every other write (accounts, subscriptions, deletions) is followed by a store of H2's
 *       changes before it returns, as with {@code WRITE_DELAY=0} ({@link DurableWrites});</li>
 *   <li>every {@code period} a checkpoint starts a new journal segment, has H2 write what has
 *       changed in one chunk and deletes the segments before;</li>
 *   <li>when the store opens, messages of segments a crash left behind are written again where H2
 *       does not have them.</li>
 * </ul>
 *
 * <p>Only for an embedded H2 file database opened with {@code WRITE_DELAY=0} (as
 * {@link JdbcStore#h2File} does): that says the host wants each commit durable, which this keeps.
 * Values written behind ({@link WriteBehind}) are recovered from the message log after a crash as
 * before.
 */
final class H2Journal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(H2Journal.class.getName());

    /** Keeps the embedded database, and with it this MVStore, open while the journal runs. */
    private final Connection hold;
    private final MVStore mv;
    private final MessageJournal journal;
    private final ScheduledThreadPoolExecutor timer;
    /** Segments rotated out but not yet deleted (H2 failed to store them); guarded by {@code this}. */
    private final List<MessageJournal.Segment> toDrop = new ArrayList<>();
    private volatile boolean warned;

    private H2Journal(Connection hold, MVStore mv, MessageJournal journal, Duration period) {
        this.hold = hold;
        this.mv = mv;
        this.journal = journal;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tinodej-h2-checkpoint");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, period.toMillis());
        timer.scheduleWithFixedDelay(this::checkpointSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Puts back the messages a crash left in the journal, then starts journaling, if the database is an
     * embedded H2 file that writes every commit at once; otherwise returns null and changes nothing.
     */
    static H2Journal startIfPossible(Database database, PublishStatements statements, Duration period) {
        if (period.isZero() || period.isNegative()) {
            return null;
        }
        Connection hold = null;
        try {
            hold = database.dataSource().getConnection();
            MVStore mv = H2Housekeeping.mvStore(hold);
            if (mv == null || mv.getFileStore() == null || mv.getFileStore().isReadOnly() || mv.getAutoCommitDelay() != 0) {
                hold.close();
                return null;
            }
            Path file = Path.of(mv.getFileStore().getFileName()).toAbsolutePath();
            String base = file.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
            List<MessageJournal.Segment> left = MessageJournal.segments(file.getParent(), base);
            if (!left.isEmpty()) {
                replay(database, statements, left);
                mv.commit();
                for (MessageJournal.Segment s : left) {
                    MessageJournal.drop(s);
                }
            }
            MessageJournal journal = MessageJournal.start(file.getParent(), base,
                    left.isEmpty() ? 0 : left.get(left.size() - 1).number());
            // H2's own thread stores only if checkpoints stall, and compacts the file as usual.
            mv.setAutoCommitDelay((int) Math.min(Integer.MAX_VALUE, Math.max(1, 2 * period.toMillis())));
            return new H2Journal(hold, mv, journal, period);
        } catch (SQLException | IOException e) {
            closeQuietly(hold);
            throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.INTERNAL,
                    "cannot start the message journal: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the journal's messages that H2 does not hold: not those whose topic is gone or was
     * made again after them (a hard delete stored before the crash), nor those already there.
     */
    private static void replay(Database database, PublishStatements statements, List<MessageJournal.Segment> left)
            throws IOException {
        List<MessageJournal.Entry> entries = new ArrayList<>();
        for (MessageJournal.Segment s : left) {
            entries.addAll(MessageJournal.read(s));
        }
        int[] restored = {0};
        Db.tx(database.db(), d -> {
            for (MessageJournal.Entry e : entries) {
                Message m = e.message();
                java.time.LocalDateTime topicCreated = d.select(T.CREATEDAT).from(T.TOPICS)
                        .where(T.NAME.eq(m.topic())).fetchOne(T.CREATEDAT);
                if (topicCreated == null
                        || m.created().truncatedTo(ChronoUnit.MILLIS).isBefore(Db.instant(topicCreated))
                        || d.fetchExists(T.MESSAGES, T.TOPIC.eq(m.topic()).and(T.SEQID.eq(m.seq())))) {
                    continue;
                }
                statements.writeMessageOnly(d, m, e.fileIds(), true);
                restored[0]++;
            }
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "message journal: {0} messages restored of {1} found in {2} segments",
                restored[0], entries.size(), left.size());
    }

    /**
     * Makes a committed batch durable: in the journal, or, if that cannot be written, by having H2
     * store it at once. Throws if neither worked.
     */
    void append(List<Message> messages, List<? extends Collection<String>> fileIds) {
        try {
            journal.append(messages, fileIds);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "message journal append failed, storing at once: {0}", e.toString());
            storeNow();
        }
    }

    /** Has H2 write what is committed; returns once it is in the file. */
    void storeNow() {
        mv.commit();
        if (mv.isClosed()) {
            throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.INTERNAL,
                    "database closed before the write was stored");
        }
    }

    /**
     * Starts a new segment, has H2 store everything committed (which includes every message of the
     * segments before) and deletes those segments.
     */
    synchronized void checkpoint() throws IOException {
        toDrop.add(journal.rotate());
        storeNow();
        for (MessageJournal.Segment s : toDrop) {
            MessageJournal.drop(s);
        }
        toDrop.clear();
    }

    private void checkpointSafely() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(System.Logger.Level.WARNING, "H2 checkpoint failed (will retry; the journal keeps the messages): {0}",
                        e.toString());
            }
        }
    }

    /** Stops checkpoints, then stores and deletes the journal: call after the writer has stopped. */
    @Override
    public void close() {
        H2Housekeeping.stop(timer);
        try {
            synchronized (this) {
                toDrop.add(journal.current());
                journal.close();
                storeNow();
                // Back to a chunk per commit, for whoever keeps the database open after this store.
                mv.setAutoCommitDelay(0);
                for (MessageJournal.Segment s : toDrop) {
                    MessageJournal.drop(s);
                }
                toDrop.clear();
            }
        } catch (IOException | RuntimeException e) {
            // What is left is put back when the store opens again.
            LOG.log(System.Logger.Level.WARNING, "closing the message journal: {0}", e.toString());
        } finally {
            closeQuietly(hold);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing a connection to a database that is going away.
            }
        }
    }
}

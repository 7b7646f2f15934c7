package io.github.tinodej.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The chunk compaction H2 stops doing when every commit is written at once.
 *
 * <p>An H2 file database writes each commit as a new chunk of its file and normally rewrites
 * sparse chunks in a background thread. {@code WRITE_DELAY=0} (needed so an acknowledged message
 * survives {@code kill -9}) turns that thread off, and with it the compaction: every chunk that
 * still holds one live page (a full page of messages, say) stays forever. The file then grows
 * about fifty times faster than the data (1 GB for 20 MB of messages in a 17-minute soak) and
 * H2 keeps an object per chunk on the heap, so both grow without bound on a long-running server.
 *
 * <p>This task does that compaction from a thread of its own: every period it rewrites the live
 * pages of the sparsest old chunks (at most an eighth of H2's auto-commit buffer, 128 KB by
 * default) into new chunks, whenever the chunks' fill rate is under {@link #TARGET_FILL_RATE}, then commits,
 * so the old chunks become empty and their space is reused. It reaches the store through H2's
 * embedded session, so it only runs for an embedded H2 file database opened with
 * {@code WRITE_DELAY=0}; anything else gets no task.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(H2Housekeeping.class.getName());

    /**
     * Below this share of live data in the chunks (percent), old chunks are rewritten. Half keeps
     * the file within about twice the live data while leaving a write-heavy server most of its
     * commits to itself (H2's own thread aims at 50 plus half the rewritable chunks' fill rate).
     */
    static final int TARGET_FILL_RATE = 50;

    private final DataSource dataSource;
    private final ScheduledExecutorService timer;
    private volatile boolean warned;

    private H2Housekeeping(DataSource dataSource, Duration period) {
        this.dataSource = dataSource;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "tinodej-h2-housekeeping");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        long ms = Math.max(1, period.toMillis());
        t.scheduleWithFixedDelay(this::runSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the task if {@code ds} is an embedded H2 file database that writes every commit at
     * once; otherwise returns null.
     */
    static H2Housekeeping startIfNeeded(DataSource ds, Duration period) {
        if (period.isZero() || period.isNegative()) {
            return null;
        }
        try (Connection c = ds.getConnection()) {
            MVStore mv = mvStore(c);
            if (mv == null || mv.getFileStore() == null || mv.getAutoCommitDelay() != 0) {
                return null;
            }
        } catch (SQLException | RuntimeException e) {
            return null;
        }
        return new H2Housekeeping(ds, period);
    }

    /** The MVStore behind an embedded H2 connection, or null for anything else. */
    static MVStore mvStore(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal s)) {
            return null;
        }
        return s.getDatabase().getStore().getMvStore();
    }

    /**
     * One round: rewrites the sparsest old chunks if the fill rate is under the target. Returns
     * whether anything was rewritten.
     */
    boolean runOnce() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            MVStore mv = mvStore(c);
            if (mv == null || mv.isClosed() || mv.getFileStore() == null) {
                return false;
            }
            // Small rounds: the rewrite and its commit hold H2's store lock, so every message
            // commit waits behind them (1 MB rounds raised S2's server-side p99 at 25 % load from
            // 8 ms to 20-100 ms; H2's own thread moves a quarter of its buffer per round).
            int writeLimit = Math.max(64 * 1024, mv.getAutoCommitMemory() / 8);
            if (mv.compact(TARGET_FILL_RATE, writeLimit)) {
                // The rewritten pages are only in memory until a commit writes them; without
                // traffic nothing else would.
                mv.commit();
                return true;
            }
            return false;
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (Exception e) {
            // The database may be closing or briefly unavailable; the next round tries again.
            if (!warned) {
                warned = true;
                LOG.log(System.Logger.Level.WARNING, "H2 housekeeping failed (will retry): {0}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        stop(timer);
    }

    /**
     * Stops a periodic task's thread, letting a round in progress finish: an interrupt in the middle
     * of H2's file I/O closes its channel and with it the database.
     */
    static void stop(ScheduledExecutorService timer) {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

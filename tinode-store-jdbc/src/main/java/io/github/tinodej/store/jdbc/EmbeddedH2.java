package io.github.tinodej.store.jdbc;

import java.time.Duration;
import org.jooq.SQLDialect;

/**
 * What an embedded H2 file database runs besides its tables: the message journal with a
 * checkpoint per period ({@link H2Journal}) or, with checkpoints turned off, the chunk compaction
 * H2 stops doing when every commit is written at once ({@link H2Housekeeping}). Nothing for other
 * databases; H2's classes are only touched once the database is known to be H2.
 */
final class EmbeddedH2 {
    private final Database database;
    private final Duration checkpoint;
    private final Duration housekeepingPeriod;
    /** {@link H2Housekeeping}, or null (typed loosely: loads H2 only for H2). */
    private volatile AutoCloseable housekeeping;

    EmbeddedH2(Database database, Duration checkpoint, Duration housekeepingPeriod) {
        this.database = database;
        this.checkpoint = checkpoint;
        this.housekeepingPeriod = housekeepingPeriod;
    }

    /** After the schema is migrated and before the first message is saved. */
    void open() {
        if (database.dialect() != SQLDialect.H2) {
            return;
        }
        if (database.journal() == null) {
            database.journal(H2Journal.startIfPossible(database, new PublishStatements(database), checkpoint));
        }
        if (housekeeping == null) {
            housekeeping = H2Housekeeping.startIfNeeded(database.dataSource(), housekeepingPeriod);
        }
    }

    /** Whether {@link H2Housekeeping} runs. */
    boolean housekeeping() {
        return housekeeping != null;
    }

    /** After the store writer has stopped: a last checkpoint, then nothing runs. */
    void close() {
        H2Journal journal = database.journal();
        if (journal != null) {
            database.journal(null);
            journal.close();
        }
        AutoCloseable compaction = housekeeping;
        housekeeping = null;
        if (compaction != null) {
            try {
                compaction.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

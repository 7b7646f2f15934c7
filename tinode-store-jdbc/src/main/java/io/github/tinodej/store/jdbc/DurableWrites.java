package io.github.tinodej.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;

/**
 * Has H2 store a write before the call that made it returns, while {@link H2Journal} runs: after
 * each transaction's commit and after each write outside a transaction, except on the store
 * writer's thread, whose messages the journal keeps and whose other values are recovered from the
 * message log. Without a journal it does nothing (each commit is then durable by itself).
 */
final class DurableWrites implements ExecuteListener, TransactionListener {
    private final Database database;

    DurableWrites(Database database) {
        this.database = database;
    }

    @Override
    public void executeEnd(ExecuteContext ctx) {
        H2Journal journal = database.journal();
        if (journal == null || ctx.type() == ExecuteType.READ || ctx.exception() != null || database.onStoreWriter()) {
            return;
        }
        Connection c = ctx.connection();
        try {
            // Inside a transaction the commit below stores it.
            if (c != null && c.getAutoCommit()) {
                journal.storeNow();
            }
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("cannot tell whether the write committed", e);
        }
    }

    @Override
    public void commitEnd(TransactionContext ctx) {
        H2Journal journal = database.journal();
        if (journal != null && !database.onStoreWriter()) {
            journal.storeNow();
        }
    }
}

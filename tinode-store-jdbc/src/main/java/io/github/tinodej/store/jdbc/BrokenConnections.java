package io.github.tinodej.store.jdbc;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells HikariCP to evict a connection on any connection-level failure. Hikari recognises the
 * standard {@code 08xxx} states, but H2 reports a dead session with its own codes (90067, 90121),
 * and a pool that keeps such connections never recovers after the database comes back.
 * Set on the pool a {@link JdbcStore} builds ({@link OwnedPool}); package-private, so HikariCP's
 * type stays out of this module's public API.
 */
final class BrokenConnections implements SQLExceptionOverride {
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return isConnectionFailure(e) ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    /**
     * True if {@code e} (or a cause) says the connection died or none could be had (the pool's
     * timeout, {@link SQLTransientConnectionException}): the database, not the statement, failed.
     */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException se) {
                String state = se.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("90067") || state.equals("90121"))) {
                    return true;
                }
            }
        }
        return false;
    }
}

package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.store.StoreException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** Deadlock victims are run again; other failures are not. */
class TransientRetryTest {
    private static DataAccessException deadlock() {
        return new DataAccessException("Deadlock found when trying to get lock",
                new SQLException("Deadlock found when trying to get lock; try restarting transaction", "40001", 1213));
    }

    @Test
    void deadlockVictim_runsAgainAndSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String r = Db.run(null, d -> {
            if (calls.incrementAndGet() < 3) {
                throw deadlock();
            }
            return "done";
        });
        assertThat(r).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void postgresDeadlockAndLockWaitTimeout_areTransient() {
        assertThat(Db.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(Db.isTransient(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isTrue();
        assertThat(Db.isTransient(new SQLException("syntax", "42000", 1064))).isFalse();
    }

    @Test
    void persistentDeadlock_givesUpAfterBoundedAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Db.run(null, d -> {
            calls.incrementAndGet();
            throw deadlock();
        })).isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.INTERNAL);
        assertThat(calls).hasValue(Db.ATTEMPTS);
    }

    @Test
    void otherFailures_notRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Db.run(null, d -> {
            calls.incrementAndGet();
            throw new DataAccessException("bad", new SQLException("syntax error", "42000", 1064));
        })).isInstanceOf(StoreException.class);
        assertThat(calls).hasValue(1);
    }
}

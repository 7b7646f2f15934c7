package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pool a store builds evicts connections the database reports dead, H2's own codes included. */
class BrokenConnectionsTest {
    @Test
    void adjudicate_connectionFailure_evicts_statementFailure_leavesToHikari() {
        BrokenConnections b = new BrokenConnections();
        assertThat(b.adjudicate(new SQLException("Database is already closed", "90121")))
                .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(b.adjudicate(new SQLException("Connection is broken", "90067")))
                .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(b.adjudicate(new SQLException("Communications link failure", "08S01")))
                .isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(b.adjudicate(new SQLException("syntax", "42000")))
                .isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
    }

    @Test
    void ownedPool_fromUrl_carriesTheOverride() {
        try (HikariDataSource pool = OwnedPool.create(JdbcStore.h2Memory("override-" + UUID.randomUUID()), null, null,
                2, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            assertThat(pool.getExceptionOverride()).isInstanceOf(BrokenConnections.class);
        }
    }
}

package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class HostDataSourceTest {

    @Test
    void hostDataSource_usedAsGivenAndNeverClosed() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(JdbcStore.h2Memory("host-" + UUID.randomUUID()));
        // Keep the in-memory database alive independently of the store.
        try (Connection keepAlive = ds.getConnection()) {
            JdbcStore store = JdbcStore.builder().dataSource(ds).build();
            store.open();
            assertThat(store.adapterName()).isEqualTo("h2");
            Instant t = Instant.parse("2026-01-01T00:00:00.123Z");
            User u = new User(new Uid(7), t, t, ObjectState.OK, null,
                    new DefaultAccess(AccessMode.parse("JRWPAS"), AccessMode.NONE), null, null, List.of("a1"), null, null);
            store.createUser(u);
            store.close();
            // The host's database and connections are untouched by close().
            assertThat(keepAlive.isClosed()).isFalse();
            JdbcStore again = JdbcStore.builder().dataSource(ds).build();
            again.open();
            assertThat(again.getUser(new Uid(7))).contains(u);
            again.close();
        }
    }

    @Test
    void builder_validates() {
        assertThatThrownBy(() -> JdbcStore.builder().url("mysql://x")).hasMessageContaining("url");
        assertThatThrownBy(() -> JdbcStore.builder().poolSize(0)).hasMessageContaining("poolSize");
        // One connection would hang the schema migration, which holds two.
        assertThatThrownBy(() -> JdbcStore.builder().poolSize(1)).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> JdbcStore.builder().build()).hasMessageContaining("url or dataSource");
    }
}

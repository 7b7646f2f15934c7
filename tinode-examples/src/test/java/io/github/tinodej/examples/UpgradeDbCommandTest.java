package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.store.jdbc.JdbcSchema;
import io.github.tinodej.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tinode upgrade-db}: pending migrations applied and reported, on every database at hand. */
class UpgradeDbCommandTest {
    @RegisterExtension
    static final AdminDbs DBS = new AdminDbs();

    static List<AdminDb> dbs() {
        return DBS.list();
    }

    private static int latest(AdminDb db) {
        try (JdbcStore store = db.store()) {
            JdbcSchema schema = JdbcSchema.of(store);
            schema.drop();
            return schema.latestVersion();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void olderSchema_isUpgradedToTheLatest_thenIsUpToDate(AdminDb db) {
        int latest = latest(db);
        assertThat(latest).isGreaterThanOrEqualTo(2);
        // A database an older tinodej made: the first migration only.
        Flyway.configure().dataSource(db.url(), null, null).locations("classpath:db/tinodej/" + db.migrations())
                .table("tinodej_schema_history").target("1").load().migrate();

        AdminDb.Run run = db.tinode("upgrade-db");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("schema.before: 1\n", "schema.latest: " + latest + "\n",
                "schema.after: " + latest + "\n", "upgrade: applied " + (latest - 1) + " migration(s)");

        AdminDb.Run again = db.tinode("upgrade-db");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("schema.before: " + latest + "\n", "upgrade: already up to date");
        // The upgraded database is usable: the admin commands open it.
        assertThat(db.tinode("stats").out()).contains("users: 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void emptyDatabase_isRefusedWithAHint(AdminDb db) {
        latest(db);
        AdminDb.Run run = db.tinode("upgrade-db");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains("schema.before: 0");
        assertThat(run.err()).contains("no tinodej schema").contains("init-db").doesNotContain("Exception");
    }
}

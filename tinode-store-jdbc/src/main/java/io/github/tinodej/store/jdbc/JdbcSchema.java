package io.github.tinodej.store.jdbc;

import io.github.tinodej.store.StoreException;
import java.util.Arrays;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The schema of a {@link JdbcStore}'s database, for operator tools (the launcher's
 * {@code init-db} and {@code upgrade-db}, Tinode's {@code tinode-db}): the version the database is
 * at, the version this library brings, upgrading, and dropping everything for a reset.
 * {@link JdbcStore#open()} upgrades by itself; this class lets a tool look first and say what it
 * found. Works on a store that is not open yet.
 *
 * <p>Every method blocks on the database; failures are {@link StoreException}s.
 * Not meant for concurrent use with a running server on the same database.
 */
public final class JdbcSchema {
    private final Database database;

    private JdbcSchema(Database database) {
        this.database = database;
    }

    /** The schema of the database {@code store} works on. */
    public static JdbcSchema of(JdbcStore store) {
        return new JdbcSchema(store.database);
    }

    /** {@code h2}, {@code mysql} or {@code postgres}, as {@link JdbcStore#adapterName()} says once open. */
    public String adapterName() {
        database.detectDialect();
        return database.adapterName();
    }

    /** The version the database is at; 0 when it holds no schema of this library. */
    public int currentVersion() {
        MigrationInfo current = flyway(f -> f.info().current());
        return current == null || current.getVersion() == null ? 0 : number(current.getVersion());
    }

    /** The newest version this library's migrations reach. */
    public int latestVersion() {
        MigrationInfo[] all = flyway(f -> f.info().all());
        return Arrays.stream(all)
                .filter(m -> m.getVersion() != null)
                .mapToInt(m -> number(m.getVersion()))
                .max().orElse(0);
    }

    /** Applies the pending migrations (none if up to date) and returns the version reached. */
    public int upgrade() {
        flyway(Flyway::migrate);
        return currentVersion();
    }

    /**
     * Drops every table, view and sequence in the database (MySQL/MariaDB) or schema (PostgreSQL,
     * H2) the store is configured for, this library's or not, as Tinode's {@code tinode-db -reset}
     * drops its database. Afterwards {@link #currentVersion()} is 0.
     */
    public void drop() {
        flyway(Flyway::clean);
    }

    /** Flyway's failures as the store's own, so tools catch one exception type. */
    private <T> T flyway(Function<Flyway, T> work) {
        try {
            return work.apply(database.flyway());
        } catch (FlywayException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "schema: " + e.getMessage(), e);
        }
    }

    private static int number(MigrationVersion v) {
        String s = v.getVersion();
        int dot = s.indexOf('.');
        return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
    }
}

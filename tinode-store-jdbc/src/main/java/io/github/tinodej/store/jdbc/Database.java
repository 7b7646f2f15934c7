package io.github.tinodej.store.jdbc;

import io.github.tinodej.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The database a {@link JdbcStore} works on: its {@code DataSource} and, once {@link #open()} has
 * run, the dialect found there and the jOOQ context every row class reaches it through. Shared by
 * all of them, so the store has one notion of "open". Thread-safe: the context is published
 * through a volatile field and is itself thread-safe.
 */
final class Database {
    private final DataSource dataSource;
    private volatile SQLDialect dialect;
    private volatile DSLContext db;
    /** The message journal of an embedded H2 file ({@link H2Journal}), else null. */
    private volatile H2Journal journal;
    /** Marks the store writer's thread, whose writes the journal makes durable, not each commit. */
    private final ThreadLocal<Boolean> storeWriter = ThreadLocal.withInitial(() -> Boolean.FALSE);

    Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The adapter name of {@code {hi}.params.build}: {@code h2}, {@code postgres} or {@code mysql}. */
    String adapterName() {
        SQLDialect d = dialect;
        if (d == null) {
            return "jdbc";
        }
        return switch (d) {
            case H2 -> "h2";
            case POSTGRES -> "postgres";
            default -> "mysql";
        };
    }

    /** A connection from the pool that the driver finds valid within two seconds (readiness). */
    void ping() {
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(2)) {
                throw new StoreException(StoreException.Kind.INTERNAL, "database connection not valid");
            }
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "database unreachable: " + e.getMessage(), e);
        }
    }

    /** Closes the pool if this store built it; a host's {@code DataSource} is the host's to close. */
    void close(boolean ownsPool) {
        if (ownsPool && dataSource instanceof com.zaxxer.hikari.HikariDataSource h) {
            h.close();
        }
    }

    /**
     * Finds the dialect, brings the schema up to date with Flyway and makes the jOOQ context. The
     * dialect is set before the migration runs, so {@link JdbcStore#adapterName()} names the
     * database even when the migration failed.
     */
    void open() {
        detectDialect();
        flyway().migrate();
        DurableWrites durable = new DurableWrites(this);
        db = DSL.using(new org.jooq.impl.DefaultConfiguration()
                .set(dataSource)
                .set(dialect)
                .set(new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER).withExecuteLogging(false))
                .set(new org.jooq.impl.DefaultExecuteListenerProvider(durable))
                .set(new org.jooq.impl.DefaultTransactionListenerProvider(durable)));
    }

    /** The journal writes go through while it runs; null when each commit is durable by itself. */
    H2Journal journal() {
        return journal;
    }

    void journal(H2Journal j) {
        this.journal = j;
    }

    /** Called by the store writer's thread once: its commits are made durable by the journal. */
    void markStoreWriter() {
        storeWriter.set(Boolean.TRUE);
    }

    boolean onStoreWriter() {
        return storeWriter.get();
    }

    /** Asks the database what it is, once; {@link JdbcSchema} needs this without migrating. */
    SQLDialect detectDialect() {
        if (dialect != null) {
            return dialect;
        }
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            String version = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                dialect = SQLDialect.H2;
            } else if (product.contains("mariadb") || version.contains("mariadb")) {
                dialect = SQLDialect.MARIADB;
            } else if (product.contains("mysql")) {
                dialect = SQLDialect.MYSQL;
            } else if (product.contains("postgres")) {
                dialect = SQLDialect.POSTGRES;
            } else {
                throw new StoreException(StoreException.Kind.UNSUPPORTED, "unsupported database: " + product);
            }
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "cannot connect: " + e.getMessage(), e);
        }
        return dialect;
    }

    /**
     * The schema's migrations for this database's dialect. {@code cleanDisabled(false)} lets
     * {@link JdbcSchema#drop()} (the operator's explicit reset) work; {@link #open()} never cleans.
     */
    Flyway flyway() {
        String folder = switch (detectDialect()) {
            case H2 -> "h2";
            case POSTGRES -> "postgresql";
            default -> "mysql";
        };
        return Flyway.configure(JdbcStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/tinodej/" + folder)
                .table("tinodej_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .cleanDisabled(false)
                .load();
    }

    /** The dialect found by {@link #open()}, or null before it. */
    SQLDialect dialect() {
        return dialect;
    }

    /** The jOOQ context; a call before {@link #open()} fails as any other store failure does. */
    DSLContext db() {
        DSLContext d = db;
        if (d == null) {
            throw new StoreException(StoreException.Kind.INTERNAL, "store not open");
        }
        return d;
    }
}

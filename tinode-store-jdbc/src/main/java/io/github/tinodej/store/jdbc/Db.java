package io.github.tinodej.store.jdbc;

import io.github.tinodej.store.StoreException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Table and column names (unquoted, so every dialect folds them its own way), conversions, and the
 * one place where JDBC failures become {@link StoreException}s.
 */
final class Db {
    private Db() {
    }

    static Table<?> table(String name) {
        return DSL.table(DSL.unquotedName(name));
    }

    static Field<Long> bigint(String name) {
        return DSL.field(DSL.unquotedName(name), SQLDataType.BIGINT);
    }

    static Field<Integer> integer(String name) {
        return DSL.field(DSL.unquotedName(name), SQLDataType.INTEGER);
    }

    static Field<String> text(String name) {
        return DSL.field(DSL.unquotedName(name), SQLDataType.VARCHAR);
    }

    static Field<Boolean> bool(String name) {
        return DSL.field(DSL.unquotedName(name), SQLDataType.BOOLEAN);
    }

    static Field<byte[]> bytes(String name) {
        return DSL.field(DSL.unquotedName(name), SQLDataType.VARBINARY);
    }

    private static final org.jooq.DataType<LocalDateTime> TIME =
            SQLDataType.LOCALDATETIME(3).asConvertedDataType(new UtcTimeBinding());

    static Field<LocalDateTime> time(String name) {
        return DSL.field(DSL.unquotedName(name), TIME);
    }

    /** Instants are stored as UTC wall time, so no JVM or session time zone can shift them. */
    static LocalDateTime utc(Instant t) {
        return t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    /** Tags as stored in the row: the JSON array text; the tag tables serve searches. */
    static String tagsJson(List<String> tags) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        tags.forEach(a::add);
        return a.toString();
    }

    static List<String> tags(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        com.google.gson.JsonParser.parseString(json).getAsJsonArray().forEach(e -> out.add(e.getAsString()));
        return out;
    }

    /** Runs a statement, translating failures. */
    /** Attempts at work that the database aborted to break a deadlock or a serialization conflict. */
    static final int ATTEMPTS = 5;

    /**
     * Runs work, retrying it when the database rolled it back as a deadlock victim or for a
     * serialization conflict (InnoDB does so under concurrent inserts into the same index range,
     * e.g. two p2p topics of one user created at once). Work passed here touches nothing but the
     * database and caches it may invalidate, so running it again is safe.
     */
    static <T> T run(DSLContext db, Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(db, work);
            } catch (StoreException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                // A short random pause so the two sides of a deadlock do not collide again.
                java.util.concurrent.locks.LockSupport.parkNanos(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000L, 5_000_000L * attempt));
            }
        }
    }

    private static <T> T runOnce(DSLContext db, Function<DSLContext, T> work) {
        try {
            return work.apply(db);
        } catch (StoreException e) {
            throw e;
        } catch (IntegrityConstraintViolationException e) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "duplicate key", e);
        } catch (DataAccessException e) {
            if (isDuplicate(e)) {
                throw new StoreException(StoreException.Kind.DUPLICATE, "duplicate key", e);
            }
            throw new StoreException(StoreException.Kind.INTERNAL, "database error: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "database error: " + e.getMessage(), e);
        }
    }

    /** A builder's period setting, checked. */
    static java.time.Duration zeroOrPositive(java.time.Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive: " + d);
        }
        return d;
    }

    /** Binds the parameters of a fixed statement. */
    @FunctionalInterface
    interface Binder {
        void bind(java.sql.PreparedStatement p) throws SQLException;
    }

    /** Makes one object of the current row of a result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(java.sql.ResultSet rs) throws SQLException;
    }

    /**
     * Runs a fixed query as a plain prepared statement, for the reads made on every login and
     * subscription: rendering the same jOOQ query every time cost about as much as H2 took to run
     * it. The SQL is written once, from the column lists in {@link T}, with unquoted names as jOOQ
     * renders them, so it is the same text on every dialect.
     */
    static <T> List<T> fetch(DSLContext db, String sql, Binder binder, RowReader<T> reader) {
        return run(db, d -> d.connectionResult(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement(sql)) {
                binder.bind(p);
                List<T> out = new java.util.ArrayList<>();
                try (java.sql.ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(reader.read(rs));
                    }
                }
                return out;
            }
        }));
    }

    /** The select list of a fixed query: the fields' unquoted names, comma-separated. */
    static String columns(List<Field<?>> fields) {
        return String.join(", ", fields.stream().map(Field::getName).toList());
    }

    /** A time column of a fixed query's row. */
    static Instant instant(java.sql.ResultSet rs, int column) throws SQLException {
        return instant(rs.getObject(column, LocalDateTime.class));
    }

    /** Runs work in one transaction. */
    static <T> T tx(DSLContext db, Function<DSLContext, T> work) {
        return run(db, d -> d.transactionResult(cfg -> work.apply(DSL.using(cfg))));
    }

    /** Deadlock victim, serialization failure or lock wait timeout: worth running again. */
    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException se) {
                String state = se.getSQLState();
                // 40001: serialization failure (MySQL/MariaDB deadlock 1213 too); 40P01: PostgreSQL
                // deadlock; 1205: MySQL/MariaDB lock wait timeout.
                if ("40001".equals(state) || "40P01".equals(state) || se.getErrorCode() == 1205
                        || se.getErrorCode() == 1213) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDuplicate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException se && se.getSQLState() != null && se.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}

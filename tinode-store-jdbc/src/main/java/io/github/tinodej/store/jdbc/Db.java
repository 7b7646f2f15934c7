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
    static <T> T run(DSLContext db, Function<DSLContext, T> work) {
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

    /** Runs work in one transaction. */
    static <T> T tx(DSLContext db, Function<DSLContext, T> work) {
        return run(db, d -> d.transactionResult(cfg -> work.apply(DSL.using(cfg))));
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

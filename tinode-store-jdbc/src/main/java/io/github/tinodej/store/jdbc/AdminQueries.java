package io.github.tinodej.store.jdbc;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Whole-table questions an operator asks ({@code tinode stats}, {@code tinode topic list}): counts
 * and a name-ordered topic listing. Plain aggregate SQL, uncached: these run rarely and must see
 * what is on disk.
 */
final class AdminQueries {
    private final Database database;

    AdminQueries(Database database) {
        this.database = database;
    }

    /** See {@link io.github.tinodej.store.Store#counts()}. */
    Map<String, Long> counts() {
        return Db.run(database.db(), AdminQueries::counts);
    }

    private static Map<String, Long> counts(DSLContext db) {
        Map<String, Long> out = new TreeMap<>();
        out.put("users", count(db, T.USERS));
        // Inlined: PostgreSQL does not match "substring(name, ?, ?)" in GROUP BY with the select list.
        Field<String> kind = DSL.substring(T.NAME, DSL.inline(1), DSL.inline(3));
        for (Record2<String, Integer> r : db.select(kind, DSL.count()).from(T.TOPICS).groupBy(kind).fetch()) {
            out.put("topics." + r.value1(), r.value2().longValue());
        }
        out.put("subscriptions", count(db, T.SUBS));
        out.put("messages", count(db, T.MESSAGES));
        out.put("devices", count(db, T.DEVICES));
        out.put("credentials", count(db, T.CREDENTIALS));
        out.put("files.referenced", db.select(DSL.countDistinct(T.FILEID)).from(T.FILELINKS).fetchOne(0, Long.class));
        return out;
    }

    /** See {@link io.github.tinodej.store.Store#topicNames(String, int)}. */
    List<String> topicNames(String after, int limit) {
        return Db.run(database.db(), db -> db.select(T.NAME).from(T.TOPICS)
                .where(after == null ? DSL.noCondition() : T.NAME.gt(after))
                .orderBy(T.NAME).limit(limit).fetch(T.NAME));
    }

    private static long count(DSLContext db, org.jooq.Table<?> table) {
        return db.fetchCount(table);
    }
}

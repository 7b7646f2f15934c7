package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.Optional;

/** The {@code kvmeta} table: Tinode's persistent cache (password-reset codes and the like). */
final class CacheRows {
    private final Database database;

    CacheRows(Database database) {
        this.database = database;
    }

    Optional<String> get(String key) {
        return Db.run(database.db(), d -> d.select(T.VALUE).from(T.KVMETA).where(T.KEY.eq(key)).fetchOptional(T.VALUE));
    }

    void put(String key, String value, boolean failOnDuplicate) {
        Db.tx(database.db(), d -> {
            if (!failOnDuplicate) {
                d.deleteFrom(T.KVMETA).where(T.KEY.eq(key)).execute();
            }
            // A second insert of the key fails on the primary key: DUPLICATE.
            d.insertInto(T.KVMETA).set(T.KEY, key).set(T.VALUE, value).set(T.CREATEDAT, utc(Instant.now())).execute();
            return null;
        });
    }

    void delete(String key) {
        Db.run(database.db(), d -> d.deleteFrom(T.KVMETA).where(T.KEY.eq(key)).execute());
    }

    void expire(String prefix, Instant before) {
        if (prefix == null || prefix.isEmpty()) {
            throw new StoreException(StoreException.Kind.MALFORMED, "empty cache key prefix");
        }
        String escaped = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        Db.run(database.db(), d -> d.deleteFrom(T.KVMETA).where(T.KEY.like(escaped + "%", '!'))
                .and(T.CREATEDAT.lt(utc(before))).execute());
    }
}

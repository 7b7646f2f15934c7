package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;

/**
 * The {@code auth} table: one row per user and scheme, unique by login ({@code uname}). Lookups by
 * login are cached, misses too, because every {@code {login}} asks. An update or delete, which
 * is keyed by user and scheme and may move or drop any login, invalidates the whole cache.
 */
final class AuthRows {
    private final Database database;
    private final Caches caches;

    AuthRows(Database database, Caches caches) {
        this.database = database;
        this.caches = caches;
    }

    void add(AuthRecord r) {
        try {
            Db.run(database.db(), d -> d.insertInto(T.AUTH).set(T.UNAME, r.unique()).set(T.USERID, r.uid().value())
                    .set(T.SCHEME, r.scheme()).set(T.AUTHLVL, r.level().value()).set(T.SECRET, r.secret())
                    .set(T.EXPIRES, utc(r.expires())).execute());
        } finally {
            caches.auth.invalidate(r.unique());
        }
    }

    Optional<AuthRecord> getByUnique(String unique) {
        if (caches.enabled) {
            Optional<AuthRecord> cached = caches.auth.getIfPresent(unique);
            if (cached != null) {
                return cached;
            }
        }
        Optional<AuthRecord> r = Db.run(database.db(), d -> d.select(T.AUTH_FIELDS).from(T.AUTH).where(T.UNAME.eq(unique))
                .fetchOptional()).map(AuthRows::authRecord);
        if (caches.enabled) {
            caches.auth.put(unique, r);
        }
        return r;
    }

    Optional<AuthRecord> get(Uid uid, String scheme) {
        return Db.run(database.db(), d -> d.select(T.AUTH_FIELDS).from(T.AUTH).where(T.USERID.eq(uid.value()))
                .and(T.SCHEME.eq(scheme)).fetchOptional()).map(AuthRows::authRecord);
    }

    void update(AuthRecord r) {
        try {
            Db.tx(database.db(), d -> {
                Record old = d.select(T.UNAME).from(T.AUTH).where(T.USERID.eq(r.uid().value()))
                        .and(T.SCHEME.eq(r.scheme())).fetchOne();
                if (old == null) {
                    throw new StoreException(StoreException.Kind.NOT_FOUND, "no auth record");
                }
                d.update(T.AUTH).set(T.UNAME, r.unique()).set(T.AUTHLVL, r.level().value()).set(T.SECRET, r.secret())
                        .set(T.EXPIRES, utc(r.expires())).where(T.USERID.eq(r.uid().value()))
                        .and(T.SCHEME.eq(r.scheme())).execute();
                return null;
            });
        } finally {
            caches.auth.invalidateAll();
        }
    }

    /** A null scheme deletes all of the user's records. */
    void delete(Uid uid, String scheme) {
        try {
            Db.run(database.db(), d -> {
                Condition c = T.USERID.eq(uid.value());
                if (scheme != null) {
                    c = c.and(T.SCHEME.eq(scheme));
                }
                return d.deleteFrom(T.AUTH).where(c).execute();
            });
        } finally {
            caches.auth.invalidateAll();
        }
    }

    private static AuthRecord authRecord(Record r) {
        return new AuthRecord(r.get(T.UNAME), new Uid(r.get(T.USERID)), r.get(T.SCHEME),
                AuthLevel.ofValue(r.get(T.AUTHLVL)).orElseThrow(), r.get(T.SECRET), instant(r.get(T.EXPIRES)));
    }
}

package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.Credential;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The {@code credentials} table, with the rules of Tinode's SQL adapters. Uniqueness is the
 * primary key {@code synthetic}: {@code method:value} once validated, {@code usrXXX:method:value}
 * before, so the database itself refuses a second owner of a validated value. Not cached:
 * credentials are read on logins and validation requests only.
 */
final class CredentialRows {
    private final Database database;

    CredentialRows(Database database) {
        this.database = database;
    }

    private static String validatedKey(String method, String value) {
        return method + ":" + value;
    }

    private static String claimKey(Uid user, String method, String value) {
        return user.userId() + ":" + method + ":" + value;
    }

    boolean upsert(Credential c) {
        return Db.tx(database.db(), d -> {
            LocalDateTime now = utc(c.updated());
            String synthetic;
            if (!c.done()) {
                if (d.fetchExists(d.selectOne().from(T.CREDENTIALS)
                        .where(T.SYNTHETIC.eq(validatedKey(c.method(), c.value()))))) {
                    throw new StoreException(StoreException.Kind.DUPLICATE, "credential already validated");
                }
                synthetic = claimKey(c.user(), c.method(), c.value());
                // One active claim per user and method: the others are deactivated, not deleted.
                d.update(T.CREDENTIALS).set(T.DELETEDAT, now).where(T.USERID.eq(c.user().value()))
                        .and(T.METHOD.eq(c.method())).and(T.DONE.isFalse()).execute();
                int renewed = d.update(T.CREDENTIALS).set(T.UPDATEDAT, now).setNull(T.DELETEDAT)
                        .set(T.RESP, c.response()).where(T.SYNTHETIC.eq(synthetic)).execute();
                if (renewed > 0) {
                    return false;
                }
            } else {
                synthetic = validatedKey(c.method(), c.value());
                d.deleteFrom(T.CREDENTIALS).where(T.SYNTHETIC.eq(claimKey(c.user(), c.method(), c.value()))).execute();
            }
            d.insertInto(T.CREDENTIALS).set(T.SYNTHETIC, synthetic).set(T.USERID, c.user().value())
                    .set(T.METHOD, c.method()).set(T.CREDVAL, c.value()).set(T.RESP, c.response())
                    .set(T.DONE, c.done()).set(T.RETRIES, 0).set(T.CREATEDAT, utc(c.created()))
                    .set(T.UPDATEDAT, now).execute();
            return true;
        });
    }

    Optional<Credential> active(Uid user, String method) {
        return Db.run(database.db(), d -> d.select(T.CREDENTIAL_FIELDS).from(T.CREDENTIALS)
                .where(T.USERID.eq(user.value())).and(T.METHOD.eq(method)).and(T.DONE.isFalse())
                .and(T.DELETEDAT.isNull()).fetchOptional()).map(CredentialRows::credential);
    }

    List<Credential> list(Uid user, String method, boolean validatedOnly) {
        Condition c = T.USERID.eq(user.value()).and(T.DELETEDAT.isNull());
        if (method != null) {
            c = c.and(T.METHOD.eq(method));
        }
        if (validatedOnly) {
            c = c.and(T.DONE.isTrue());
        }
        Condition where = c;
        return Db.run(database.db(), d -> d.select(T.CREDENTIAL_FIELDS).from(T.CREDENTIALS).where(where)
                .orderBy(T.CREATEDAT).fetch()).map(CredentialRows::credential);
    }

    void delete(Uid user, String method, String value) {
        boolean deleted = Db.tx(database.db(), d -> {
            Condition c = T.USERID.eq(user.value());
            if (method == null) {
                return d.deleteFrom(T.CREDENTIALS).where(c).execute() > 0;
            }
            c = c.and(T.METHOD.eq(method));
            if (value != null) {
                c = c.and(T.CREDVAL.eq(value));
            }
            if (d.deleteFrom(T.CREDENTIALS).where(c).and(T.DONE.isTrue().or(T.RETRIES.eq(0))).execute() > 0) {
                return true;
            }
            // Claims answered wrongly stay, deactivated, so deleting and re-adding does not reset
            // retries; committed, and still reported as not found.
            d.update(T.CREDENTIALS).set(T.DELETEDAT, utc(Instant.now())).where(c).execute();
            return false;
        });
        if (!deleted) {
            throw notFound();
        }
    }

    void confirm(Uid user, String method) {
        Db.tx(database.db(), d -> {
            Record r = d.select(T.CREDENTIAL_FIELDS).from(T.CREDENTIALS).where(T.USERID.eq(user.value()))
                    .and(T.METHOD.eq(method)).and(T.DONE.isFalse()).and(T.DELETEDAT.isNull()).fetchOne();
            if (r == null) {
                throw notFound();
            }
            // Moving the row to its validated key fails on the primary key if someone else has it.
            d.update(T.CREDENTIALS).set(T.DONE, true).set(T.UPDATEDAT, utc(Instant.now()))
                    .set(T.SYNTHETIC, validatedKey(method, r.get(T.CREDVAL)))
                    .where(T.SYNTHETIC.eq(claimKey(user, method, r.get(T.CREDVAL)))).execute();
            return null;
        });
    }

    void fail(Uid user, String method) {
        Db.run(database.db(), d -> d.update(T.CREDENTIALS).set(T.RETRIES, T.RETRIES.plus(1))
                .set(T.UPDATEDAT, utc(Instant.now())).where(T.USERID.eq(user.value())).and(T.METHOD.eq(method))
                .and(T.DONE.isFalse()).execute());
    }

    Optional<Uid> owner(String method, String value) {
        return Db.run(database.db(), d -> d.select(T.USERID).from(T.CREDENTIALS)
                .where(T.SYNTHETIC.eq(validatedKey(method, value))).fetchOptional(T.USERID)).map(Uid::new);
    }

    /** Never seen, last updated before {@code before}, nothing validated; oldest first. */
    List<Uid> unvalidatedUsers(Instant before, int limit) {
        return Db.run(database.db(), d -> d.select(T.ID).from(T.USERS).where(T.LASTSEEN.isNull())
                .and(T.UPDATEDAT.lt(utc(before)))
                .andNotExists(DSL.selectOne().from(T.CREDENTIALS).where(T.USERID.eq(T.q("users", T.ID)))
                        .and(T.DONE.isTrue()))
                .orderBy(T.UPDATEDAT).limit(limit).fetch(T.ID)).stream().map(Uid::new).toList();
    }

    private static Credential credential(Record r) {
        return new Credential(new Uid(r.get(T.USERID)), r.get(T.METHOD), r.get(T.CREDVAL), r.get(T.RESP),
                Boolean.TRUE.equals(r.get(T.DONE)), r.get(T.RETRIES), instant(r.get(T.CREATEDAT)),
                instant(r.get(T.UPDATEDAT)));
    }

    private static StoreException notFound() {
        return new StoreException(StoreException.Kind.NOT_FOUND, "no such credential");
    }
}

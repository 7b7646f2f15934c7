package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;

/**
 * The {@code users} table, with the user's tags kept in step in the tag index, and the user's
 * deletion, which also takes the rows that hang off a user (auth records, devices; on a hard
 * delete subscriptions and file references too) in the same transaction. Users are cached.
 */
final class UserRows {
    /** Every login reads its user (the cache is cold after a restart): a fixed statement. */
    private static final String SQL_GET = "select " + Db.columns(T.USER_FIELDS) + " from users where id = ?";

    private final Database database;
    private final Caches caches;
    private final WriteBehind behind;
    private final PublishStatements statements;

    UserRows(Database database, Caches caches, WriteBehind behind) {
        this.database = database;
        this.caches = caches;
        this.behind = behind;
        this.statements = new PublishStatements(database);
    }

    void create(User u) {
        Db.tx(database.db(), d -> {
            d.insertInto(T.USERS).set(T.ID, u.uid().value()).set(T.CREATEDAT, utc(u.created()))
                    .set(T.UPDATEDAT, utc(u.updated())).set(T.STATE, u.state().value()).set(T.STATEAT, utc(u.stateAt()))
                    .set(T.ACCESS_AUTH, u.access().auth().toString()).set(T.ACCESS_ANON, u.access().anon().toString())
                    .set(T.PUBLIC, u.publicJson()).set(T.TRUSTED, u.trustedJson()).set(T.TAGS, Db.tagsJson(u.tags()))
                    .set(T.LASTSEEN, utc(u.lastSeen())).set(T.USERAGENT, u.userAgent()).execute();
            TagIndex.write(d, T.USERTAGS, T.USERID, u.uid().value(), u.tags());
            return null;
        });
        caches.users.invalidate(u.uid());
    }

    /**
     * From the cache, else loaded into it atomically, so that a last-seen time recorded during the
     * load waits for it and then moves the cached user ({@link #seen}).
     */
    Optional<User> get(Uid uid) {
        return Optional.ofNullable(caches.enabled ? caches.users.get(uid, this::load) : load(uid));
    }

    private User load(Uid uid) {
        WriteBehind.Seen pending = behind.pendingSeen(uid);
        return WriteBehind.over(Db.fetch(database.db(), SQL_GET, p -> p.setLong(1, uid.value()), UserRows::user).stream()
                .findFirst().orElse(null), pending);
    }

    /** The user's last session left: written behind with the messages' values, or at once without. */
    void seen(Uid uid, Instant when, String userAgent) {
        WriteBehind.Seen s = new WriteBehind.Seen(when, userAgent);
        if (behind.enabled()) {
            behind.seen(uid, when, userAgent);
            caches.users.asMap().computeIfPresent(uid, (k, u) -> WriteBehind.over(u, s));
            return;
        }
        try {
            Db.tx(database.db(), d -> {
                statements.writeCollected(d, java.util.Map.of(), java.util.Map.of(), java.util.Map.of(uid.value(), s));
                return null;
            });
        } finally {
            caches.users.invalidate(uid);
        }
    }

    /** Cached users first; the rest in one query. */
    List<User> get(Collection<Uid> uids) {
        List<User> out = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        java.util.Map<Uid, WriteBehind.Seen> pending = new java.util.HashMap<>();
        for (Uid u : uids) {
            WriteBehind.Seen p = behind.pendingSeen(u);
            if (p != null) {
                pending.put(u, p);
            }
            User cached = caches.enabled ? caches.users.getIfPresent(u) : null;
            if (cached != null) {
                out.add(WriteBehind.over(cached, p));
            } else {
                missing.add(u.value());
            }
        }
        if (!missing.isEmpty()) {
            for (Record r : Db.run(database.db(), d -> d.select(T.USER_FIELDS).from(T.USERS).where(T.ID.in(missing)).fetch())) {
                User u = WriteBehind.over(user(r), pending.get(new Uid(r.get(T.ID))));
                out.add(u);
                if (caches.enabled) {
                    // Never over an entry loaded meanwhile, which may hold a later last-seen time.
                    caches.users.asMap().putIfAbsent(u.uid(), u);
                }
            }
        }
        return out;
    }

    void update(User u) {
        try {
            Db.tx(database.db(), d -> {
                int n = d.update(T.USERS).set(T.UPDATEDAT, utc(u.updated())).set(T.STATE, u.state().value())
                        .set(T.STATEAT, utc(u.stateAt())).set(T.ACCESS_AUTH, u.access().auth().toString())
                        .set(T.ACCESS_ANON, u.access().anon().toString()).set(T.PUBLIC, u.publicJson())
                        .set(T.TRUSTED, u.trustedJson()).set(T.TAGS, Db.tagsJson(u.tags()))
                        .set(T.LASTSEEN, utc(u.lastSeen())).set(T.USERAGENT, u.userAgent())
                        .where(T.ID.eq(u.uid().value())).execute();
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + u.uid());
                }
                TagIndex.write(d, T.USERTAGS, T.USERID, u.uid().value(), u.tags());
                return null;
            });
        } finally {
            caches.users.invalidate(u.uid());
        }
    }

    /**
     * A soft delete marks the user deleted and keeps its row, subscriptions and file references
     * (as Tinode's foreign keys do); either kind ends its logins, push devices and credentials. Every auth
     * record is dropped from the cache: it is keyed by login, not by user.
     */
    void delete(Uid uid, boolean hard) {
        try {
            Db.tx(database.db(), d -> {
                long id = uid.value();
                int n;
                if (hard) {
                    d.deleteFrom(T.SUBS).where(T.USERID.eq(id)).execute();
                    d.deleteFrom(T.USERTAGS).where(T.USERID.eq(id)).execute();
                    d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(uid.userId())).execute();
                    n = d.deleteFrom(T.USERS).where(T.ID.eq(id)).execute();
                } else {
                    LocalDateTime now = utc(Instant.now());
                    n = d.update(T.USERS).set(T.STATE, ObjectState.DELETED.value()).set(T.STATEAT, now)
                            .set(T.UPDATEDAT, now).where(T.ID.eq(id)).execute();
                }
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + uid);
                }
                d.deleteFrom(T.AUTH).where(T.USERID.eq(id)).execute();
                d.deleteFrom(T.DEVICES).where(T.USERID.eq(id)).execute();
                d.deleteFrom(T.CREDENTIALS).where(T.USERID.eq(id)).execute();
                return null;
            });
        } finally {
            caches.users.invalidate(uid);
            caches.auth.invalidateAll();
        }
    }

    /** A row of {@link #SQL_GET}: the columns of {@link T#USER_FIELDS} in their order. */
    private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(new Uid(rs.getLong(1)), Db.instant(rs, 2), Db.instant(rs, 3), ObjectState.ofValue(rs.getInt(4)),
                Db.instant(rs, 5), new DefaultAccess(AccessMode.parse(rs.getString(6)), AccessMode.parse(rs.getString(7))),
                rs.getString(8), rs.getString(9), Db.tags(rs.getString(10)), Db.instant(rs, 11), rs.getString(12));
    }

    private static User user(Record r) {
        return new User(new Uid(r.get(T.ID)), instant(r.get(T.CREATEDAT)), instant(r.get(T.UPDATEDAT)),
                ObjectState.ofValue(r.get(T.STATE)), instant(r.get(T.STATEAT)),
                new DefaultAccess(AccessMode.parse(r.get(T.ACCESS_AUTH)), AccessMode.parse(r.get(T.ACCESS_ANON))),
                r.get(T.PUBLIC), r.get(T.TRUSTED), Db.tags(r.get(T.TAGS)), instant(r.get(T.LASTSEEN)), r.get(T.USERAGENT));
    }
}

package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;

/**
 * The {@code topics} table, with the topic's tags kept in step in the tag index, and the topic's
 * hard deletion, which takes everything the topic holds (subscriptions, messages, deletion log,
 * tags, file references) in one transaction. Topics are cached; an update never writes
 * {@code seqid}, {@code delid} or {@code touchedat}, which only the message log advances (with
 * {@link WriteBehind}, the seq and touched time it holds are laid over the rows read, and a row
 * loaded is checked against its topic's last message).
 */
final class TopicRows {
    private static final String SQL_GET = "select " + Db.columns(T.TOPIC_FIELDS) + " from topics where name = ?";
    private static final String SQL_LAST_MESSAGE =
            "select seqid, createdat from messages where topic = ? order by topic desc, seqid desc limit 1";
    private static final String SQL_SENDERS_SINCE =
            "select fromuid, max(seqid) from messages where topic = ? and seqid > ? group by fromuid";

    private final Database database;
    private final Caches caches;
    private final WriteBehind behind;
    /**
     * Topics whose row this process has checked against the message log ({@link #recovered}):
     * after that, what the row lacks is in {@link WriteBehind}'s overlay. Bounded: a topic that
     * falls out is checked again, which costs a read and changes nothing.
     */
    private final Cache<String, Boolean> checked = Caffeine.newBuilder().maximumSize(200_000).build();

    TopicRows(Database database, Caches caches, WriteBehind behind) {
        this.database = database;
        this.caches = caches;
        this.behind = behind;
    }

    void create(TopicRecord t) {
        try {
            Db.tx(database.db(), d -> {
                d.insertInto(T.TOPICS).set(T.NAME, t.name()).set(T.CREATEDAT, utc(t.created()))
                        .set(T.UPDATEDAT, utc(t.updated())).set(T.TOUCHEDAT, utc(t.touched()))
                        .set(T.STATE, t.state().value()).set(T.STATEAT, utc(t.stateAt())).set(T.USEBT, t.channel())
                        .set(T.OWNER, t.owner().value()).set(T.ACCESS_AUTH, t.access().auth().toString())
                        .set(T.ACCESS_ANON, t.access().anon().toString()).set(T.SEQID, t.seqId()).set(T.DELID, t.delId())
                        .set(T.PUBLIC, t.publicJson()).set(T.TRUSTED, t.trustedJson()).set(T.TAGS, Db.tagsJson(t.tags()))
                        .set(T.AUX, t.auxJson()).execute();
                TagIndex.write(d, T.TOPICTAGS, T.TOPIC, t.name(), t.tags());
                return null;
            });
        } finally {
            caches.topics.invalidate(t.name());
        }
    }

    /**
     * From the cache, else loaded into it atomically: a message committed during the load waits
     * for it before it moves the cached row ({@link GroupCommit}), so the cache is never left with
     * an older seq than a committed message's.
     */
    Optional<TopicRecord> get(String name) {
        return Optional.ofNullable(caches.enabled ? caches.topics.get(name, this::load) : load(name));
    }

    private TopicRecord load(String name) {
        WriteBehind.Touch pending = behind.pending(name);
        TopicRecord t = Db.fetch(database.db(), SQL_GET, p -> p.setString(1, name), TopicRows::topic).stream()
                .findFirst().orElse(null);
        if (t != null) {
            t = recovered(t);
        }
        return WriteBehind.over(t, pending);
    }

    /**
     * The row checked against the topic's message log: messages past its seq were stored while
     * their seq was behind and the process stopped before writing it (a crash), or on another node.
     * Their seq and time are the topic's, and their senders' markers are queued again.
     */
    private TopicRecord recovered(TopicRecord t) {
        checked.put(t.name(), Boolean.TRUE);
        List<WriteBehind.Touch> last = Db.fetch(database.db(), SQL_LAST_MESSAGE, p -> p.setString(1, t.name()),
                rs -> new WriteBehind.Touch(rs.getInt(1), Db.instant(rs, 2)));
        if (last.isEmpty() || last.get(0).seq() <= t.seqId()) {
            return t;
        }
        WriteBehind.Touch end = last.get(0);
        Db.fetch(database.db(), SQL_SENDERS_SINCE, p -> {
            p.setString(1, t.name());
            p.setInt(2, t.seqId());
        }, rs -> {
            behind.advanced(t.name(), rs.getInt(2), end.touched(), new Uid(rs.getLong(1)));
            return null;
        });
        behind.recovered();
        return WriteBehind.over(t, end);
    }

    /**
     * Always from the database; neither served from the cache nor filling it. A row this process
     * has not checked against the message log since it started is checked here as on a load, so
     * that after a crash a contact list (`me`) shows the seq and touched time of messages whose
     * values were still pending, not only once their topic is loaded. A topic with values pending
     * or in the cache was loaded (and checked) before its first message here.
     */
    List<TopicRecord> get(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, WriteBehind.Touch> pending = new java.util.HashMap<>();
        names.forEach(n -> {
            WriteBehind.Touch p = behind.pending(n);
            if (p != null) {
                pending.put(n, p);
            }
        });
        return Db.run(database.db(), d -> d.select(T.TOPIC_FIELDS).from(T.TOPICS).where(T.NAME.in(names)).fetch())
                .map(r -> {
                    TopicRecord t = topic(r);
                    WriteBehind.Touch p = pending.get(t.name());
                    if (p == null && checked.getIfPresent(t.name()) == null
                            && caches.topics.getIfPresent(t.name()) == null) {
                        t = recovered(t);
                    }
                    return WriteBehind.over(t, p);
                });
    }

    void update(TopicRecord t) {
        try {
            Db.tx(database.db(), d -> {
                int n = d.update(T.TOPICS).set(T.CREATEDAT, utc(t.created())).set(T.UPDATEDAT, utc(t.updated()))
                        .set(T.STATE, t.state().value()).set(T.STATEAT, utc(t.stateAt())).set(T.USEBT, t.channel())
                        .set(T.OWNER, t.owner().value()).set(T.ACCESS_AUTH, t.access().auth().toString())
                        .set(T.ACCESS_ANON, t.access().anon().toString()).set(T.PUBLIC, t.publicJson())
                        .set(T.TRUSTED, t.trustedJson()).set(T.TAGS, Db.tagsJson(t.tags())).set(T.AUX, t.auxJson())
                        .where(T.NAME.eq(t.name())).execute();
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + t.name());
                }
                TagIndex.write(d, T.TOPICTAGS, T.TOPIC, t.name(), t.tags());
                return null;
            });
        } finally {
            caches.topics.invalidate(t.name());
        }
    }

    void delete(String name, boolean hard) {
        if (hard) {
            behind.forget(name);
            checked.invalidate(name);
        }
        try {
            Db.tx(database.db(), d -> {
                int n;
                if (hard) {
                    d.deleteFrom(T.SUBS).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.MESSAGES).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.DELLOG).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.TOPICTAGS).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(name)).execute();
                    n = d.deleteFrom(T.TOPICS).where(T.NAME.eq(name)).execute();
                } else {
                    LocalDateTime now = utc(Instant.now());
                    n = d.update(T.TOPICS).set(T.STATE, ObjectState.DELETED.value()).set(T.STATEAT, now)
                            .where(T.NAME.eq(name)).execute();
                }
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + name);
                }
                return null;
            });
        } finally {
            caches.topics.invalidate(name);
        }
    }

    /** A row of {@link #SQL_GET}: the columns of {@link T#TOPIC_FIELDS} in their order. */
    private static TopicRecord topic(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new TopicRecord(rs.getString(1), Db.instant(rs, 2), Db.instant(rs, 3), Db.instant(rs, 4),
                ObjectState.ofValue(rs.getInt(5)), Db.instant(rs, 6), rs.getBoolean(7), new Uid(rs.getLong(8)),
                new DefaultAccess(AccessMode.parse(rs.getString(9)), AccessMode.parse(rs.getString(10))), rs.getInt(11),
                rs.getInt(12), rs.getString(13), rs.getString(14), Db.tags(rs.getString(15)), rs.getString(16));
    }

    private static TopicRecord topic(Record r) {
        return new TopicRecord(r.get(T.NAME), instant(r.get(T.CREATEDAT)), instant(r.get(T.UPDATEDAT)),
                instant(r.get(T.TOUCHEDAT)), ObjectState.ofValue(r.get(T.STATE)), instant(r.get(T.STATEAT)),
                Boolean.TRUE.equals(r.get(T.USEBT)), new Uid(r.get(T.OWNER)),
                new DefaultAccess(AccessMode.parse(r.get(T.ACCESS_AUTH)), AccessMode.parse(r.get(T.ACCESS_ANON))),
                r.get(T.SEQID), r.get(T.DELID), r.get(T.PUBLIC), r.get(T.TRUSTED), Db.tags(r.get(T.TAGS)), r.get(T.AUX));
    }
}

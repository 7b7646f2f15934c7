package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

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
 * {@code seqid}, {@code delid} or {@code touchedat}, which only the message log advances.
 */
final class TopicRows {
    private final Database database;
    private final Caches caches;

    TopicRows(Database database, Caches caches) {
        this.database = database;
        this.caches = caches;
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

    Optional<TopicRecord> get(String name) {
        if (caches.enabled) {
            TopicRecord cached = caches.topics.getIfPresent(name);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<TopicRecord> t = Db.run(database.db(), d -> d.select(T.TOPIC_FIELDS).from(T.TOPICS).where(T.NAME.eq(name))
                .fetchOptional()).map(TopicRows::topic);
        if (caches.enabled) {
            t.ifPresent(x -> caches.topics.put(name, x));
        }
        return t;
    }

    /** Always from the database; neither served from the cache nor filling it. */
    List<TopicRecord> get(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return Db.run(database.db(), d -> d.select(T.TOPIC_FIELDS).from(T.TOPICS).where(T.NAME.in(names)).fetch())
                .map(TopicRows::topic);
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

    private static TopicRecord topic(Record r) {
        return new TopicRecord(r.get(T.NAME), instant(r.get(T.CREATEDAT)), instant(r.get(T.UPDATEDAT)),
                instant(r.get(T.TOUCHEDAT)), ObjectState.ofValue(r.get(T.STATE)), instant(r.get(T.STATEAT)),
                Boolean.TRUE.equals(r.get(T.USEBT)), new Uid(r.get(T.OWNER)),
                new DefaultAccess(AccessMode.parse(r.get(T.ACCESS_AUTH)), AccessMode.parse(r.get(T.ACCESS_ANON))),
                r.get(T.SEQID), r.get(T.DELID), r.get(T.PUBLIC), r.get(T.TRUSTED), Db.tags(r.get(T.TAGS)), r.get(T.AUX));
    }
}

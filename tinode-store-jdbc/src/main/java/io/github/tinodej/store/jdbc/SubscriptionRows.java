package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import java.util.List;
import java.util.Optional;
import org.jooq.Record;

/**
 * The {@code subscriptions} table: one row per topic and user, soft-deleted by
 * {@code deletedat}. Not cached: the read and received markers in it move with every message.
 */
final class SubscriptionRows {
    // Every 'me' and every topic a session joins reads these: fixed statements (Db.fetch).
    private static final String SQL_GET =
            "select " + Db.columns(T.SUB_FIELDS) + " from subscriptions where topic = ? and userid = ?";
    private static final String SQL_OF_USER = "select " + Db.columns(T.SUB_FIELDS) + " from subscriptions where userid = ?";

    private final Database database;
    private final WriteBehind behind;

    SubscriptionRows(Database database, WriteBehind behind) {
        this.database = database;
        this.behind = behind;
    }

    /** Update first, insert if there was nothing to update: the same on every dialect. */
    void upsert(Subscription s) {
        Db.tx(database.db(), d -> {
            int n = d.update(T.SUBS).set(T.CREATEDAT, utc(s.created())).set(T.UPDATEDAT, utc(s.updated()))
                    .set(T.DELETEDAT, utc(s.deleted())).set(T.MODEWANT, s.want().toString())
                    .set(T.MODEGIVEN, s.given().toString()).set(T.PRIVATE, s.privateJson())
                    .set(T.READSEQID, s.readSeq()).set(T.RECVSEQID, s.recvSeq()).set(T.DELID, s.delId())
                    .where(T.TOPIC.eq(s.topic())).and(T.USERID.eq(s.user().value())).execute();
            if (n == 0) {
                d.insertInto(T.SUBS).set(T.TOPIC, s.topic()).set(T.USERID, s.user().value())
                        .set(T.CREATEDAT, utc(s.created())).set(T.UPDATEDAT, utc(s.updated()))
                        .set(T.DELETEDAT, utc(s.deleted())).set(T.MODEWANT, s.want().toString())
                        .set(T.MODEGIVEN, s.given().toString()).set(T.PRIVATE, s.privateJson())
                        .set(T.READSEQID, s.readSeq()).set(T.RECVSEQID, s.recvSeq()).set(T.DELID, s.delId()).execute();
            }
            return null;
        });
    }

    // Sender markers pending in WriteBehind are laid over the rows read (see WriteBehind.overRows).

    Optional<Subscription> get(String topic, Uid user) {
        Integer pending = behind.pending(topic, user);
        return Db.fetch(database.db(), SQL_GET, p -> {
            p.setString(1, topic);
            p.setLong(2, user.value());
        }, SubscriptionRows::subscription).stream().findFirst().map(s -> WriteBehind.over(s, pending));
    }

    List<Subscription> ofUser(Uid user) {
        return behind.overRows(() -> Db.fetch(database.db(), SQL_OF_USER, p -> p.setLong(1, user.value()),
                SubscriptionRows::subscription));
    }

    List<Subscription> ofTopic(String topic) {
        return behind.overRows(() -> Db.run(database.db(), d -> d.select(T.SUB_FIELDS).from(T.SUBS)
                .where(T.TOPIC.eq(topic)).fetch()).map(SubscriptionRows::subscription));
    }

    /** A row of a fixed query: the columns of {@link T#SUB_FIELDS} in their order. */
    private static Subscription subscription(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Subscription(rs.getString(1), new Uid(rs.getLong(2)), Db.instant(rs, 3), Db.instant(rs, 4),
                Db.instant(rs, 5), AccessMode.parse(rs.getString(6)), AccessMode.parse(rs.getString(7)), rs.getString(8),
                rs.getInt(9), rs.getInt(10), rs.getInt(11));
    }

    private static Subscription subscription(Record r) {
        return new Subscription(r.get(T.TOPIC), new Uid(r.get(T.USERID)), instant(r.get(T.CREATEDAT)),
                instant(r.get(T.UPDATEDAT)), instant(r.get(T.DELETEDAT)), AccessMode.parse(r.get(T.MODEWANT)),
                AccessMode.parse(r.get(T.MODEGIVEN)), r.get(T.PRIVATE), r.get(T.READSEQID), r.get(T.RECVSEQID),
                r.get(T.DELID));
    }
}

package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.DelLogEntry;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Deleting from the message log, and the deletion log ({@code dellog}) that clients sync from.
 * A soft delete (for one user) only records the ranges and moves that user's {@code delid}; a
 * hard delete (for everyone) also wipes the messages' head and content, drops their file
 * references and moves the topic's {@code delid}, all in one transaction.
 */
final class MessageDeletions {
    private final Database database;
    private final Caches caches;

    MessageDeletions(Database database, Caches caches) {
        this.database = database;
        this.caches = caches;
    }

    /** {@code forUser} null or {@link Uid#ZERO}: a hard delete, of messages not older than {@code hardCutoff}. */
    void delete(String topic, int delId, Uid forUser, List<SeqRange> ranges, Instant hardCutoff) {
        Uid who = forUser == null ? Uid.ZERO : forUser;
        try {
            Db.tx(database.db(), d -> {
                if (d.fetchCount(T.TOPICS, T.NAME.eq(topic)) == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + topic);
                }
                for (SeqRange r : ranges) {
                    d.insertInto(T.DELLOG).set(T.TOPIC, topic).set(T.DELID, delId).set(T.DELETEDFOR, who.value())
                            .set(T.LOW, r.low()).set(T.HI, r.hi()).execute();
                }
                if (!who.isValid()) {
                    for (SeqRange r : ranges) {
                        Condition c = T.TOPIC.eq(topic).and(T.SEQID.ge(r.low())).and(T.SEQID.lt(r.end()))
                                .and(T.DELID.eq(0));
                        if (hardCutoff != null) {
                            c = c.and(T.CREATEDAT.ge(utc(hardCutoff)));
                        }
                        // The references of exactly the messages this delete wipes (Go's
                        // messageDeleteList), before the wipe marks them.
                        Field<Integer> mseq = T.q("m", T.SEQID);
                        Condition inRange = T.q("m", T.TOPIC).eq(topic).and(mseq.ge(r.low())).and(mseq.lt(r.end()))
                                .and(T.q("m", T.DELID).eq(0));
                        if (hardCutoff != null) {
                            inRange = inRange.and(T.q("m", T.CREATEDAT).ge(utc(hardCutoff)));
                        }
                        d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(topic)).and(T.SEQID.in(
                                DSL.select(mseq).from(T.MESSAGES.as(DSL.unquotedName("m"))).where(inRange)))
                                .execute();
                        d.update(T.MESSAGES).setNull(T.HEAD).setNull(T.CONTENT).set(T.DELID, delId).where(c).execute();
                    }
                    d.update(T.TOPICS).set(T.DELID, DSL.greatest(T.DELID, DSL.val(delId))).where(T.NAME.eq(topic)).execute();
                } else {
                    d.update(T.SUBS).set(T.DELID, DSL.greatest(T.DELID, DSL.val(delId)))
                            .where(T.TOPIC.eq(topic)).and(T.USERID.eq(who.value())).execute();
                }
                return null;
            });
        } finally {
            caches.topics.invalidate(topic);
        }
    }

    /** The deletions {@code forUser} sees (everyone's and their own), by delete id, then range. */
    List<DelLogEntry> get(String topic, Uid forUser, int since, int before, int limit) {
        Condition c = T.TOPIC.eq(topic).and(T.DELETEDFOR.eq(0L).or(T.DELETEDFOR.eq(forUser.value())));
        if (since > 0) {
            c = c.and(T.DELID.ge(since));
        }
        if (before > 0) {
            c = c.and(T.DELID.lt(before));
        }
        Condition where = c;
        return Db.run(database.db(), d -> d.select(T.TOPIC, T.DELID, T.DELETEDFOR, T.LOW, T.HI).from(T.DELLOG).where(where)
                .orderBy(T.DELID, T.LOW).limit(limit).fetch())
                .map(r -> new DelLogEntry(r.get(T.TOPIC), r.get(T.DELID), new Uid(r.get(T.DELETEDFOR)),
                        new SeqRange(r.get(T.LOW), r.get(T.HI))));
    }
}

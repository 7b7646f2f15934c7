package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;

import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Uid;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Reading the message log: pages of a topic's messages, newest first, without those deleted for
 * everyone ({@code delid} set on the row) or, for a user, soft-deleted for that user (a range of
 * theirs in the deletion log).
 */
final class MessageHistory {
    private final Database database;

    MessageHistory(Database database) {
        this.database = database;
    }

    List<Message> get(String topic, Uid forUser, MessageQuery q) {
        if (q.ranges().isEmpty()) {
            return pageOfMessages(topic, forUser, q);
        }
        Condition c = T.TOPIC.eq(topic).and(T.DELID.eq(0));
        if (!q.ranges().isEmpty()) {
            Condition any = DSL.falseCondition();
            for (SeqRange r : q.ranges()) {
                any = any.or(T.SEQID.ge(r.low()).and(T.SEQID.lt(r.end())));
            }
            c = c.and(any);
        } else {
            if (q.since() > 0) {
                c = c.and(T.SEQID.ge(q.since()));
            }
            if (q.before() > 0) {
                c = c.and(T.SEQID.lt(q.before()));
            }
        }
        Table<?> dl = T.DELLOG.as(DSL.unquotedName("dl"));
        Field<Integer> low = T.q("dl", T.LOW);
        Field<Integer> hi = T.q("dl", T.HI);
        Field<Integer> seq = T.q("m", T.SEQID);
        Condition softDeleted = DSL.exists(DSL.selectOne().from(dl).where(T.q("dl", T.TOPIC).eq(topic))
                .and(T.q("dl", T.DELETEDFOR).eq(forUser.value()))
                .and(seq.ge(low))
                .and(seq.lt(DSL.when(hi.eq(0), low.plus(1)).otherwise(hi))));
        Condition where = forUser.isValid() ? c.andNot(softDeleted) : c;
        // Ordering by the whole key (topic is fixed) lets H2 walk the primary key backwards and stop
        // after one page; ordering by seqid alone made it scan and sort every earlier message.
        return Db.run(database.db(), d -> d.select(T.TOPIC, T.SEQID, T.CREATEDAT, T.FROMUID, T.HEAD, T.CONTENT, T.DELID)
                .from(T.MESSAGES.as(DSL.unquotedName("m"))).where(where).orderBy(T.TOPIC.desc(), T.SEQID.desc())
                .limit(q.limit()).fetch())
                .map(r -> new Message(r.get(T.TOPIC), r.get(T.SEQID), instant(r.get(T.CREATEDAT)), new Uid(r.get(T.FROMUID)),
                        r.get(T.HEAD), r.get(T.CONTENT), r.get(T.DELID)));
    }

    /**
     * A history page ({@code since}/{@code before}, no id ranges), the request clients send most:
     * plain SQL on a prepared statement, as on the publish path. Building the same query with jOOQ
     * cost as much as H2 took to run it. Same result as the general query above.
     */
    private List<Message> pageOfMessages(String topic, Uid forUser, MessageQuery q) {
        StringBuilder sql = new StringBuilder(
                "select topic, seqid, createdat, fromuid, head, content, delid from messages m where topic = ? and delid = 0");
        if (q.since() > 0) {
            sql.append(" and seqid >= ?");
        }
        if (q.before() > 0) {
            sql.append(" and seqid < ?");
        }
        if (forUser.isValid()) {
            sql.append(" and not exists (select 1 from dellog dl where dl.topic = ? and dl.deletedfor = ?"
                    + " and m.seqid >= dl.low and m.seqid < case when dl.hi = 0 then dl.low + 1 else dl.hi end)");
        }
        // The whole key in the order lets H2 walk the primary key backwards (see get).
        sql.append(" order by topic desc, seqid desc limit ?");
        return Db.run(database.db(), d -> d.connectionResult(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int i = 1;
                p.setString(i++, topic);
                if (q.since() > 0) {
                    p.setInt(i++, q.since());
                }
                if (q.before() > 0) {
                    p.setInt(i++, q.before());
                }
                if (forUser.isValid()) {
                    p.setString(i++, topic);
                    p.setLong(i++, forUser.value());
                }
                p.setInt(i, q.limit());
                List<Message> out = new ArrayList<>(Math.min(q.limit(), 64));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Message(rs.getString(1), rs.getInt(2), instant(rs.getObject(3, LocalDateTime.class)),
                                new Uid(rs.getLong(4)), rs.getString(5), rs.getString(6), rs.getInt(7)));
                    }
                }
                return out;
            }
        }));
    }
}

package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.utc;

import io.github.tinodej.model.Message;
import io.github.tinodej.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * The statements that store one published message, run in the caller's transaction so that they
 * commit together: the topic's seq and touched time, the message row, the sender's read and
 * received markers, and the message's file references. The publish path runs them per message:
 * their SQL is rendered once and executed as plain prepared statements, which costs a fraction of
 * building jOOQ queries every time.
 */
final class PublishStatements {
    private static final String SQL_TOUCH_TOPIC =
            "update topics set seqid = case when seqid > ? then seqid else ? end, touchedat = ? where name = ?";
    private static final String SQL_INSERT_MESSAGE =
            "insert into messages (topic, seqid, createdat, fromuid, head, content, delid) values (?, ?, ?, ?, ?, ?, ?)";
    private static final String SQL_SENDER_MARKERS =
            "update subscriptions set readseqid = ?, recvseqid = ? where topic = ? and userid = ?";
    private static final String SQL_TOPIC_EXISTS = "select 1 from topics where name = ?";
    private static final String SQL_TOUCH_TOPIC_MAX = "update topics set seqid = case when seqid > ? then seqid else ? end,"
            + " touchedat = case when touchedat > ? then touchedat else ? end where name = ?";
    private static final String SQL_SENDER_MARKERS_MAX = "update subscriptions set"
            + " readseqid = case when readseqid > ? then readseqid else ? end,"
            + " recvseqid = case when recvseqid > ? then recvseqid else ? end where topic = ? and userid = ?";
    private static final String SQL_LAST_SEEN_MAX =
            "update users set lastseen = ?, useragent = ? where id = ? and (lastseen is null or lastseen < ?)";
    private static final String SQL_LINK_FILE = "insert into filelinks (topic, seqid, fileid) values (?, ?, ?)";
    private static final DateTimeFormatter MYSQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Database database;

    PublishStatements(Database database) {
        this.database = database;
    }

    /**
     * Writes the message with its topic's seq and its sender's markers (write-through). Fails with
     * {@code TOPIC_NOT_FOUND} before writing anything when the topic does not exist.
     */
    void write(DSLContext d, Message m, Collection<String> fileIds) {
        d.connection(c -> {
            try (PreparedStatement touch = c.prepareStatement(SQL_TOUCH_TOPIC)) {
                touch.setInt(1, m.seq());
                touch.setInt(2, m.seq());
                setTime(touch, 3, utc(m.created()));
                touch.setString(4, m.topic());
                if (touch.executeUpdate() == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + m.topic());
                }
            }
            insertMessage(c, m);
            try (PreparedStatement markers = c.prepareStatement(SQL_SENDER_MARKERS)) {
                markers.setInt(1, m.seq());
                markers.setInt(2, m.seq());
                markers.setString(3, m.topic());
                markers.setLong(4, m.from().value());
                markers.executeUpdate();
            }
            linkFiles(c, m, fileIds);
        });
    }

    /**
     * Writes the message row and its file references only; its topic's seq and sender's markers
     * go to {@link WriteBehind}. Unless {@code topicKnown}, first checks that the topic exists
     * ({@code TOPIC_NOT_FOUND} otherwise, before writing anything).
     */
    void writeMessageOnly(DSLContext d, Message m, Collection<String> fileIds, boolean topicKnown) {
        d.connection(c -> {
            if (!topicKnown) {
                try (PreparedStatement exists = c.prepareStatement(SQL_TOPIC_EXISTS)) {
                    exists.setString(1, m.topic());
                    try (java.sql.ResultSet rs = exists.executeQuery()) {
                        if (!rs.next()) {
                            throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + m.topic());
                        }
                    }
                }
            }
            insertMessage(c, m);
            linkFiles(c, m, fileIds);
        });
    }

    /**
     * Writes what {@link WriteBehind} collected, every value merged by maximum with the row's, so
     * that writes of the same rows made meanwhile by other paths (a read note's markers) are never
     * moved back.
     */
    void writeCollected(DSLContext d, java.util.Map<String, WriteBehind.Touch> topics,
            java.util.Map<WriteBehind.SubKey, Integer> markers, java.util.Map<Long, WriteBehind.Seen> seen) {
        d.connection(c -> {
            if (!seen.isEmpty()) {
                try (PreparedStatement last = c.prepareStatement(SQL_LAST_SEEN_MAX)) {
                    for (var e : seen.entrySet()) {
                        LocalDateTime at = utc(e.getValue().when());
                        setTime(last, 1, at);
                        last.setString(2, e.getValue().userAgent());
                        last.setLong(3, e.getKey());
                        setTime(last, 4, at);
                        last.addBatch();
                    }
                    last.executeBatch();
                }
            }
            if (!topics.isEmpty()) {
                try (PreparedStatement touch = c.prepareStatement(SQL_TOUCH_TOPIC_MAX)) {
                    for (var e : topics.entrySet()) {
                        LocalDateTime at = utc(e.getValue().touched());
                        touch.setInt(1, e.getValue().seq());
                        touch.setInt(2, e.getValue().seq());
                        setTime(touch, 3, at);
                        setTime(touch, 4, at);
                        touch.setString(5, e.getKey());
                        touch.addBatch();
                    }
                    touch.executeBatch();
                }
            }
            if (!markers.isEmpty()) {
                try (PreparedStatement mark = c.prepareStatement(SQL_SENDER_MARKERS_MAX)) {
                    for (var e : markers.entrySet()) {
                        for (int i = 1; i <= 4; i++) {
                            mark.setInt(i, e.getValue());
                        }
                        mark.setString(5, e.getKey().topic());
                        mark.setLong(6, e.getKey().user());
                        mark.addBatch();
                    }
                    mark.executeBatch();
                }
            }
        });
    }

    private void insertMessage(java.sql.Connection c, Message m) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(SQL_INSERT_MESSAGE)) {
            insert.setString(1, m.topic());
            insert.setInt(2, m.seq());
            setTime(insert, 3, utc(m.created()));
            insert.setLong(4, m.from().value());
            insert.setString(5, m.headJson());
            insert.setString(6, m.contentJson());
            insert.setInt(7, m.delId());
            insert.executeUpdate();
        }
    }

    /** Only messages with attachments pay for this statement. */
    private void linkFiles(java.sql.Connection c, Message m, Collection<String> fileIds) throws SQLException {
        if (fileIds.isEmpty()) {
            return;
        }
        try (PreparedStatement link = c.prepareStatement(SQL_LINK_FILE)) {
            for (String id : new LinkedHashSet<>(fileIds)) {
                link.setString(1, m.topic());
                link.setInt(2, m.seq());
                link.setString(3, id);
                link.addBatch();
            }
            link.executeBatch();
        }
    }

    /** Times as UTC wall time; text for the MySQL family (see {@link UtcTimeBinding}). */
    private void setTime(PreparedStatement p, int index, LocalDateTime t) throws SQLException {
        SQLDialect family = database.dialect().family();
        if (family == SQLDialect.MYSQL || family == SQLDialect.MARIADB) {
            p.setString(index, MYSQL_TIME.format(t));
        } else {
            p.setObject(index, t);
        }
    }
}

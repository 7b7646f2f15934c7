package io.github.tinodej.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Fills topics' histories straight into the database while the server is stopped: a million
 * messages over the protocol would take the whole run. Rows are what the server itself writes
 * (same table, same JSON content), and each topic's {@code seqid} moves to the new last message.
 */
final class HistorySeed {
    private HistorySeed() {
    }

    /** Appends messages {@code from..to} (inclusive) to each topic, sent by the topic's owner. */
    static void append(BenchDb db, List<String> topics, int from, int to) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(Probes.INSERT_MESSAGE);
                 PreparedStatement owner = c.prepareStatement("select owner from topics where name = ?");
                 PreparedStatement touch = c.prepareStatement("update topics set seqid = ? where name = ?")) {
                LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                for (String topic : topics) {
                    owner.setString(1, topic);
                    long from0;
                    try (var rs = owner.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no topic " + topic + " to seed");
                        }
                        from0 = rs.getLong(1);
                    }
                    for (int seq = from; seq <= to; seq++) {
                        insert.setString(1, topic);
                        insert.setInt(2, seq);
                        db.setTime(insert, 3, now);
                        insert.setLong(4, from0);
                        insert.setString(5, null);
                        insert.setString(6, "\"history " + seq + " " + P2pPairs.PAD + "\"");
                        insert.setInt(7, 0);
                        insert.addBatch();
                        if (seq % 1000 == 0 || seq == to) {
                            insert.executeBatch();
                            c.commit();
                        }
                    }
                    touch.setInt(1, to);
                    touch.setString(2, topic);
                    touch.executeUpdate();
                    c.commit();
                }
            }
        }
    }
}

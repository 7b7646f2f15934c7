package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.group;
import static io.github.tinodej.store.StoreFixtures.msg;
import static io.github.tinodej.store.StoreFixtures.newGroupName;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.sub;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.Message;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The topic seq, touched time and sender markers that messages advance, written behind them
 * ({@link WriteBehind}): visible at once, written on close, never moved back, recovered from the
 * message log when the process that held them is gone, and forgotten with a topic deleted for good.
 */
class WriteBehindTest {
    /** Long enough that nothing is written behind during a test unless the store closes. */
    private static final Duration NEVER = Duration.ofHours(1);

    private final String url = JdbcStore.h2Memory("writebehind" + UUID.randomUUID());

    private JdbcStore open(Duration period, boolean caching) {
        JdbcStore s = JdbcStore.builder().url(url).writeBehind(period).caching(caching).build();
        s.open();
        return s;
    }

    /**
     * The topic's seq and touched time as its row holds them, read past every store (a store's
     * reads lay what it holds over the row, and check rows against the message log).
     */
    private Object[] row(String topic) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.PreparedStatement p = c.prepareStatement("select seqid, touchedat from topics where name = ?")) {
            p.setString(1, topic);
            try (java.sql.ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).as("row of " + topic).isTrue();
                java.time.LocalDateTime touched = rs.getObject(2, java.time.LocalDateTime.class);
                return new Object[] {rs.getInt(1), touched == null ? null : touched.toInstant(java.time.ZoneOffset.UTC)};
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Message at(String topic, int seq, Uid from, long plusSeconds) {
        Message m = msg(topic, seq, from, "\"m" + seq + "\"");
        return new Message(m.topic(), m.seq(), T0.plusSeconds(plusSeconds), m.from(), m.headJson(), m.contentJson(), 0);
    }

    @Test
    void pendingValues_areReadAtOnce_andWrittenOnClose() {
        Uid owner = newUid();
        String g = newGroupName();
        try (JdbcStore a = open(NEVER, true); JdbcStore plain = open(NEVER, false)) {
            a.createTopic(group(g, owner, List.of()));
            a.upsertSubscription(sub(g, owner, "JRWPASDO"));
            a.getTopic(g); // cached before the messages: the cached row must move with them
            for (int i = 1; i <= 3; i++) {
                a.saveMessage(at(g, i, owner, i));
            }
            assertThat(a.getTopic(g).orElseThrow().seqId()).isEqualTo(3);
            assertThat(a.getTopic(g).orElseThrow().touched()).isEqualTo(T0.plusSeconds(3));
            assertThat(a.getTopics(List.of(g)).get(0).seqId()).isEqualTo(3);
            Subscription s = a.getSubscription(g, owner).orElseThrow();
            assertThat(List.of(s.readSeq(), s.recvSeq())).containsExactly(3, 3);
            assertThat(a.getUserSubscriptions(owner).get(0).readSeq()).isEqualTo(3);
            assertThat(a.getTopicSubscriptions(g).get(0).recvSeq()).isEqualTo(3);
            // Another store on the same database does not hold them: its rows are still behind.
            assertThat(plain.getSubscription(g, owner).orElseThrow().readSeq()).isZero();
            a.close();
            assertThat(plain.getSubscription(g, owner).orElseThrow().readSeq()).isEqualTo(3);
            assertThat(row(g)).containsExactly(3, T0.plusSeconds(3));
        }
    }

    @Test
    void writtenBehind_neverMovesBackAMarkerAReadNoteMovedFurther() {
        Uid owner = newUid();
        String g = newGroupName();
        try (JdbcStore a = open(NEVER, true); JdbcStore plain = open(NEVER, false)) {
            a.createTopic(group(g, owner, List.of()));
            a.upsertSubscription(sub(g, owner, "JRWPASDO"));
            a.saveMessage(at(g, 1, owner, 1));
            // A read note of the same user, written straight to the row, further than the message.
            a.upsertSubscription(sub(g, owner, "JRWPASDO").withSeqs(7, 8));
            a.close();
            Subscription s = plain.getSubscription(g, owner).orElseThrow();
            assertThat(List.of(s.readSeq(), s.recvSeq())).containsExactly(7, 8);
        }
    }

    /**
     * A store that made group {@code g} with two members and saved {@code messages} messages, the
     * owner's and the other's by turns, and holds their seq and markers behind: the process a test
     * then abandons (the caller closes it only after the next process has read).
     */
    private JdbcStore crashedWith(String g, Uid owner, Uid other, int messages) {
        JdbcStore crashed = open(NEVER, true);
        crashed.createTopic(group(g, owner, List.of()));
        crashed.upsertSubscription(sub(g, owner, "JRWPASDO"));
        crashed.upsertSubscription(sub(g, other, "JRWPS"));
        for (int seq = 1; seq <= messages; seq++) {
            crashed.saveMessage(at(g, seq, seq % 2 == 1 ? owner : other, seq));
        }
        return crashed;
    }

    @Test
    void processGoneBeforeWriting_nextLoadRecoversSeqAndSenderMarkersFromTheMessageLog() {
        Uid owner = newUid();
        Uid other = newUid();
        String g = newGroupName();
        JdbcStore crashed = crashedWith(g, owner, other, 3);
        // 'crashed' is never closed before the next process reads: what it held is lost with it.
        try (JdbcStore next = open(NEVER, true); JdbcStore plain = open(NEVER, false)) {
            assertThat(row(g)[0]).as("the row is behind").isEqualTo(0);
            TopicRecord t = next.getTopic(g).orElseThrow();
            assertThat(t.seqId()).isEqualTo(3);
            assertThat(t.touched()).isEqualTo(T0.plusSeconds(3));
            assertThat(next.getSubscription(g, owner).orElseThrow().readSeq()).isEqualTo(3);
            assertThat(next.getSubscription(g, other).orElseThrow().recvSeq()).isEqualTo(2);
            next.saveMessage(at(g, 4, other, 4));
            next.close();
            assertThat(row(g)[0]).isEqualTo(4);
            assertThat(plain.getSubscription(g, owner).orElseThrow().readSeq()).isEqualTo(3);
            assertThat(plain.getSubscription(g, other).orElseThrow().readSeq()).isEqualTo(4);
        } finally {
            crashed.close();
        }
    }

    @Test
    void processGoneBeforeWriting_contactListShowsTheLoggedSeqBeforeTheTopicIsLoaded() {
        Uid owner = newUid();
        Uid other = newUid();
        String g = newGroupName();
        JdbcStore crashed = crashedWith(g, owner, other, 2);
        try (JdbcStore next = open(NEVER, true)) {
            // What a user's 'me' lists (a multi-get), before anyone subscribes to the topic.
            TopicRecord t = next.getTopics(List.of(g)).get(0);
            assertThat(t.seqId()).isEqualTo(2);
            assertThat(t.touched()).isEqualTo(T0.plusSeconds(2));
            assertThat(next.getUserSubscriptions(other).get(0).readSeq()).isEqualTo(2);
            assertThat(next.getTopics(List.of(g)).get(0).seqId()).isEqualTo(2);
            next.close();
            assertThat(row(g)).containsExactly(2, T0.plusSeconds(2));
        } finally {
            crashed.close();
        }
    }

    @Test
    void topicDeletedForGood_andMadeAgain_startsFromZero() {
        Uid owner = newUid();
        String g = newGroupName();
        try (JdbcStore a = open(Duration.ofMillis(20), true)) {
            a.createTopic(group(g, owner, List.of()));
            a.upsertSubscription(sub(g, owner, "JRWPASDO"));
            a.saveMessage(at(g, 1, owner, 1));
            a.saveMessage(at(g, 2, owner, 2));
            a.deleteTopic(g, true);
            a.createTopic(group(g, owner, List.of()));
            assertThat(a.getTopic(g).orElseThrow().seqId()).isZero();
            a.close();
            try (JdbcStore again = open(NEVER, false)) {
                assertThat(again.getTopic(g).orElseThrow().seqId()).isZero();
            }
        }
    }

    @Test
    void lastSeen_readAtOnce_writtenOnClose_neverMovedBack() {
        Uid u = newUid();
        try (JdbcStore a = open(NEVER, true); JdbcStore plain = open(NEVER, false)) {
            a.createUser(user(u, List.of()));
            a.getUser(u); // cached before: the cached user must move too
            a.updateLastSeen(u, T0.plusSeconds(10), "web/1");
            a.updateLastSeen(u, T0.plusSeconds(5), "older/1");
            assertThat(a.getUser(u).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(10));
            assertThat(a.getUser(u).orElseThrow().userAgent()).isEqualTo("web/1");
            assertThat(a.getUsers(List.of(u)).get(0).lastSeen()).isEqualTo(T0.plusSeconds(10));
            assertThat(plain.getUser(u).orElseThrow().lastSeen()).as("not written yet").isNotEqualTo(T0.plusSeconds(10));
            // A later time written straight to the row meanwhile stays.
            plain.updateUser(plain.getUser(u).orElseThrow().withLastSeen(T0.plusSeconds(20), "android/2"));
            a.close();
            assertThat(plain.getUser(u).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(20));
            assertThat(plain.getUser(u).orElseThrow().userAgent()).isEqualTo("android/2");
        }
        Uid v = newUid();
        try (JdbcStore a = open(NEVER, true); JdbcStore plain = open(NEVER, false)) {
            a.createUser(user(v, List.of()));
            a.updateLastSeen(v, T0.plusSeconds(30), "ios/3");
            a.close();
            assertThat(plain.getUser(v).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(30));
            assertThat(plain.getUser(v).orElseThrow().userAgent()).isEqualTo("ios/3");
        }
    }

    @Test
    void pastTheCap_valuesAreWrittenBeforeTheirPeriodEnds() {
        Uid u = newUid();
        try (JdbcStore a = open(NEVER, true); JdbcStore plain = open(NEVER, false)) {
            a.createUser(user(u, List.of()));
            a.updateLastSeen(u, T0.plusSeconds(1), "web/1");
            // Users that do not exist: values behind all the same (their update finds no row).
            for (int i = 0; i < GroupCommit.MAX_BEHIND; i++) {
                a.updateLastSeen(newUid(), T0, "x");
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (plain.getUser(u).orElseThrow().lastSeen() == null && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling a database row
            }
            assertThat(plain.getUser(u).orElseThrow().lastSeen()).as("written within the hour's period")
                    .isEqualTo(T0.plusSeconds(1));
        }
    }

    @Test
    void manySlices_pacedBetweenMessages_allWrittenWithoutClosing() {
        Uid owner = newUid();
        List<String> groups = new java.util.ArrayList<>();
        try (JdbcStore a = open(Duration.ofMillis(50), true); JdbcStore plain = open(NEVER, false)) {
            // Ten slices' worth of topics and markers, and messages still coming while they are written.
            for (int i = 0; i < 160; i++) {
                String g = newGroupName();
                groups.add(g);
                a.createTopic(group(g, owner, List.of()));
                a.upsertSubscription(sub(g, owner, "JRWPASDO"));
                a.saveMessage(at(g, 1, owner, 1));
            }
            for (String g : groups) {
                a.saveMessage(at(g, 2, owner, 2));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (groups.stream().anyMatch(g -> !row(g)[0].equals(2)) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling database rows
            }
            assertThat(groups).allSatisfy(g -> assertThat(row(g)[0]).isEqualTo(2));
            assertThat(plain.getUserSubscriptions(owner)).extracting(Subscription::readSeq).containsOnly(2);
            assertThat(plain.getUserSubscriptions(owner)).hasSize(groups.size());
        }
    }

    @Test
    void writeThrough_whenPeriodIsZero() {
        Uid owner = newUid();
        String g = newGroupName();
        try (JdbcStore a = open(Duration.ZERO, true); JdbcStore plain = open(NEVER, false)) {
            a.createTopic(group(g, owner, List.of()));
            a.upsertSubscription(sub(g, owner, "JRWPASDO"));
            a.saveMessage(at(g, 1, owner, 1));
            assertThat(row(g)[0]).isEqualTo(1);
            assertThat(plain.getSubscription(g, owner).orElseThrow().readSeq()).isEqualTo(1);
            Uid u = newUid();
            a.createUser(user(u, List.of()));
            a.updateLastSeen(u, T0.plusSeconds(7), "web/7");
            assertThat(plain.getUser(u).orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(7));
        }
    }
}

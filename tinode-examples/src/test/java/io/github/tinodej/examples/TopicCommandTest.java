package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tinode topic show|list|delete} on the sample data, on every database at hand. */
class TopicCommandTest {
    @RegisterExtension
    static final AdminDbs DBS = new AdminDbs();

    static List<AdminDb> dbs() {
        return DBS.list();
    }

    private static Map<String, String> load(AdminDb db) throws Exception {
        AdminDb.Run run = db.tinode("init-db", "--reset", "--data_file", InitDbCommandTest.sampleData().toString());
        assertThat(run.code()).as(run.err()).isZero();
        return InitDbCommandTest.ids(run.out());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void show_printsOwnerMembersModesAndSeq(AdminDb db) throws Exception {
        Map<String, String> ids = load(db);
        String news = ids.get("*NEWS");
        int seq;
        try (JdbcStore store = db.store()) {
            store.open();
            seq = store.getTopic(news).orElseThrow().seqId();
        }
        AdminDb.Run show = db.tinode("topic", "show", news);
        assertThat(show.code()).as(show.err()).isZero();
        List<String> lines = Arrays.asList(show.out().split("\n"));
        assertThat(lines).contains("topic: " + news, "kind: grp+chn", "state: ok", "owner: " + ids.get("ann"),
                "seq: " + seq, "access: auth=JRWP anon=N", "public: {\"fn\":\"Ann's news\"}");
        assertThat(lines).anyMatch(l -> l.matches("member: " + ids.get("ann") + " want=JRWPASDO given=JRWPASDO read=\\d+ recv=\\d+"));
        assertThat(lines).anyMatch(l -> l.startsWith("member: " + ids.get("cat") + " want=JRWPS given=JRWPS"));
        assertThat(lines).contains("reader: " + ids.get("ben") + " want=JRP given=JRP read=0 recv=0");
        // The channel name shows its group.
        assertThat(db.tinode("topic", "show", "chn" + news.substring(3)).out()).contains("topic: " + news);

        AdminDb.Run nothing = db.tinode("topic", "show", "grpNoSuchTopic1");
        assertThat(nothing.code()).isEqualTo(1);
        assertThat(nothing.err()).isEqualTo("tinode topic: no topic 'grpNoSuchTopic1'\n");
        assertThat(db.tinode("topic", "show").err()).contains("a topic name is required");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void list_pagesInNameOrder(AdminDb db) throws Exception {
        Map<String, String> ids = load(db);
        AdminDb.Run all = db.tinode("topic", "list");
        assertThat(all.code()).as(all.err()).isZero();
        List<String> lines = Arrays.asList(all.out().split("\n"));
        // Two groups and three p2p topics (sys exists only once a server has run).
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5).isSortedAccordingTo(String::compareTo);
        assertThat(lines).anyMatch(l -> l.startsWith(ids.get("*BAKERY") + " kind=grp state=ok owner=" + ids.get("ben")
                + " seq=") && l.endsWith(" members=3"));
        assertThat(lines).anyMatch(l -> l.startsWith(ids.get("ann:ben") + " kind=p2p state=ok owner=- seq="));

        List<String> first = Arrays.asList(db.tinode("topic", "list", "--limit", "2").out().split("\n"));
        assertThat(first).hasSize(2).isEqualTo(lines.subList(0, 2));
        String after = first.get(1).split(" ")[0];
        List<String> next = Arrays.asList(db.tinode("topic", "list", "--limit", "2", "--after", after).out().split("\n"));
        assertThat(next).isEqualTo(lines.subList(2, 4));
        assertThat(db.tinode("topic", "list", "--limit", "0").err()).contains("--limit must be positive");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void delete_removesTheTopicWithItsSubscriptionsAndMessages_softKeepsAGroupMarked(AdminDb db) throws Exception {
        Map<String, String> ids = load(db);
        String bakery = ids.get("*BAKERY");
        String p2p = ids.get("ann:ben");
        String news = ids.get("*NEWS");
        assertThat(db.tinode("topic", "delete", bakery).out()).isEqualTo(bakery + " deleted\n");
        assertThat(db.tinode("topic", "delete", p2p, "--soft").out()).isEqualTo(p2p + " deleted\n");
        assertThat(db.tinode("topic", "delete", news, "--soft").out()).isEqualTo(news + " marked deleted\n");
        try (JdbcStore store = db.store()) {
            store.open();
            assertThat(store.getTopic(bakery)).isEmpty();
            assertThat(store.getTopicSubscriptions(bakery)).isEmpty();
            assertThat(store.getTopic(p2p)).isEmpty();
            TopicRecord n = store.getTopic(news).orElseThrow();
            assertThat(n.state()).isEqualTo(io.github.tinodej.model.ObjectState.DELETED);
            // Members and channel readers of a soft-deleted group lose their live subscriptions.
            assertThat(store.getSubscription(news, Uid.parseUserId(ids.get("cat"))).orElseThrow().deleted()).isNotNull();
            assertThat(store.getSubscription("chn" + news.substring(3), Uid.parseUserId(ids.get("ben")))
                    .orElseThrow().deleted()).isNotNull();
            assertThat(store.counts()).containsEntry("topics.grp", 1L).containsEntry("topics.p2p", 2L);
        }
        assertThat(db.tinode("topic", "show", news).out()).contains("state: del");
        AdminDb.Run gone = db.tinode("topic", "delete", bakery);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("no topic '" + bakery + "'");
    }
}

package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.jdbc.JdbcStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tinode init-db}: schema creation, reset, and Tinode's sample data, on every database at hand. */
class InitDbCommandTest {
    @RegisterExtension
    static final AdminDbs DBS = new AdminDbs();

    static List<AdminDb> dbs() {
        return DBS.list();
    }

    static Path sampleData() throws Exception {
        return Path.of(InitDbCommandTest.class.getResource("/sample-data/data.json").toURI());
    }

    /** Tinode's {@code kind;name;id[;password]} lines: name to id (and {@code name.password}). */
    static Map<String, String> ids(String out) {
        Map<String, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split(";");
            if (f.length >= 3 && List.of("usr", "grp", "p2p").contains(f[0])) {
                m.put(f[1], f[2]);
                if (f.length == 4) {
                    m.put(f[1] + ".password", f[3]);
                }
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void dataFile_loadsUsersTopicsSubscriptionsAndMessagesAsGendb(AdminDb db) throws Exception {
        AdminDb.Run run = db.tinode("init-db", "--reset", "--data_file", sampleData().toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("schema.after: ").contains("loaded: 4 users, 2 groups, 3 p2p topics");
        assertThat(run.err()).contains("warning: photo").contains("ben-64.jpg");
        Map<String, String> ids = ids(run.out());
        Uid ann = Uid.parseUserId(ids.get("ann"));
        Uid ben = Uid.parseUserId(ids.get("ben"));
        Uid cat = Uid.parseUserId(ids.get("cat"));
        Uid robo = Uid.parseUserId(ids.get("robo"));
        String bakery = ids.get("*BAKERY");
        String news = ids.get("*NEWS");
        try (JdbcStore store = db.store()) {
            store.open();
            User a = store.getUser(ann).orElseThrow();
            JsonObject pub = JsonParser.parseString(a.publicJson()).getAsJsonObject();
            assertThat(pub.get("fn").getAsString()).isEqualTo("Ann Archer");
            assertThat(Base64.getDecoder().decode(pub.getAsJsonObject("photo").get("data").getAsString()))
                    .isEqualTo(Files.readAllBytes(sampleData().resolveSibling("ann-64.jpg")));
            assertThat(a.trustedJson()).contains("\"verified\":true");
            assertThat(a.tags()).contains("archery", "basic:ann", "email:ann@example.org", "tel:+15550000101");
            assertThat(a.created()).isBefore(Instant.now().minus(Duration.ofHours(99)));
            assertThat(store.getUser(ben).orElseThrow().publicJson()).contains("Ben Baker").doesNotContain("photo");
            assertThat(store.getAuthRecord(cat, "basic").orElseThrow().level()).isEqualTo(AuthLevel.ROOT);
            assertThat(store.getAuthRecord(ann, "basic").orElseThrow().level()).isEqualTo(AuthLevel.AUTH);
            assertThat(store.getSubscription(ann.userId(), ann).orElseThrow().privateJson()).contains("ann's own note");
            assertThat(store.getSubscription("fnd" + ann.encoded(), ann).orElseThrow().privateJson())
                    .isEqualTo("\"email:ben@example.org,tel:+15550000102\"");
            assertThat(store.getUserByCredential("email", "ann@example.org")).contains(ann);

            TopicRecord b = store.getTopic(bakery).orElseThrow();
            assertThat(b.owner()).isEqualTo(ben);
            assertThat(b.tags()).containsExactly("baking", "bread");
            assertThat(b.access().auth()).hasToString("JRWPS");
            assertThat(store.getSubscription(bakery, ben).orElseThrow().given()).hasToString("JRWPASDO");
            assertThat(store.getSubscription(bakery, ben).orElseThrow().privateJson()).contains("my group");
            assertThat(store.getSubscription(bakery, ann).orElseThrow().given()).hasToString("JRWPS");
            Subscription catSub = store.getSubscription(bakery, cat).orElseThrow();
            assertThat(catSub.want()).hasToString("JRWPS");
            assertThat(catSub.given()).hasToString("JRP");
            TopicRecord n = store.getTopic(news).orElseThrow();
            assertThat(n.channel()).isTrue();
            assertThat(n.access().auth()).hasToString("JRWP");
            assertThat(n.access().anon()).hasToString("N");
            assertThat(store.getSubscription("chn" + news.substring(3), ben).orElseThrow().given()).hasToString("JRP");

            String annBen = ids.get("ann:ben");
            assertThat(annBen).isEqualTo(SampleLoader.p2pName(ann, ben));
            assertThat(store.getSubscription(annBen, ann).orElseThrow().privateJson()).contains("Ben from the bakery");
            assertThat(store.getSubscription(annBen, ben).orElseThrow().given()).hasToString("JRWPAD");
            String benCat = ids.get("ben:cat");
            assertThat(store.getSubscription(benCat, ben).orElseThrow().given()).hasToString("A");
            assertThat(store.getSubscription(benCat, cat).orElseThrow().want()).hasToString("N");

            // Messages: seqs without gaps, times in the last four days and increasing, senders subscribed.
            long total = 0;
            for (String topic : List.of(bakery, news, annBen, benCat, ids.get("ann:robo"))) {
                TopicRecord t = store.getTopic(topic).orElseThrow();
                List<Message> msgs = new ArrayList<>(store.getMessages(topic, Uid.ZERO, new MessageQuery(0, 0, List.of(), 1000)));
                assertThat(msgs).hasSize(t.seqId());
                total += msgs.size();
                for (Message m : msgs) {
                    assertThat(m.created()).isAfter(Instant.now().minus(Duration.ofDays(4).plusHours(1)))
                            .isBefore(Instant.now());
                    assertThat(store.getSubscription(topic, m.from())).isPresent();
                }
            }
            assertThat(run.out()).contains("p2p topics, " + total + " messages");
            List<Message> botChat = store.getMessages(ids.get("ann:robo"), Uid.ZERO, new MessageQuery(0, 0, List.of(), 1));
            assertThat(botChat.get(0).from()).isEqualTo(robo);
            assertThat(botChat.get(0).headJson()).contains("text/x-drafty");
            assertThat(botChat.get(0).contentJson()).contains("Pick one");
        }

        // The loaded accounts log in on a server started on the same database and read the history.
        JdbcStore store = db.store();
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
                TestClient c = new TestClient(local); TestClient bot = new TestClient(local)) {
            c.hi();
            assertThat(c.loginBasic("ann", "ann12345").get("code").getAsInt()).isEqualTo(200);
            assertThat(c.userId()).isEqualTo(ann.userId());
            List<String> texts = readHistory(c, bakery);
            try (JdbcStore check = db.store()) {
                check.open();
                assertThat(texts).hasSize(check.getTopic(bakery).orElseThrow().seqId());
            }
            bot.hi();
            assertThat(bot.loginBasic("robo", ids.get("robo.password")).get("code").getAsInt()).isEqualTo(200);
            assertThat(readHistory(bot, ids.get("ann:robo")).get(0)).contains("Pick one");
        }
    }

    /** {@code {sub get data}}: the contents of the {data} frames, oldest first, until the closing ctrl. */
    private static List<String> readHistory(TestClient c, String topic) {
        String id = c.nextId();
        c.send("{\"sub\":{\"id\":\"" + id + "\",\"topic\":\"" + (topic.startsWith("p2p") ? otherUser(c, topic) : topic)
                + "\",\"get\":{\"what\":\"data\",\"data\":{\"limit\":1000}}}}");
        assertThat(c.ctrlFor(id).get("code").getAsInt()).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        while (true) {
            JsonObject f = c.next();
            if (f.has("data")) {
                texts.add(f.getAsJsonObject("data").get("content").toString());
            } else if (f.has("ctrl")) {
                assertThat(f.getAsJsonObject("ctrl").get("code").getAsInt()).isIn(204, 208);
                return texts;
            }
        }
    }

    /** A p2p topic is subscribed to by the other user's id. */
    private static String otherUser(TestClient c, String p2p) {
        byte[] b = Base64.getUrlDecoder().decode(p2p.substring(3));
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Uid x = new Uid(bb.getLong());
        Uid y = new Uid(bb.getLong());
        return x.userId().equals(c.userId()) ? y.userId() : x.userId();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void existingDatabase_isRefusedWithoutReset_andResetStartsOver(AdminDb db) throws Exception {
        AdminDb.Run first = db.tinode("init-db", "--reset", "--data_file", sampleData().toString());
        assertThat(first.code()).as(first.err()).isZero();
        AdminDb.Run again = db.tinode("init-db", "--data_file", sampleData().toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already initialised").contains("--reset").doesNotContain("Exception");

        AdminDb.Run fresh = db.tinode("init-db", "-reset", "-add_root", "boss:boss-pass");
        assertThat(fresh.code()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("reset: dropped all tables").contains("login 'boss' password 'boss-pass'");
        try (JdbcStore store = db.store()) {
            store.open();
            assertThat(store.counts()).containsEntry("users", 1L).containsEntry("messages", 0L);
            Uid boss = store.getAuthRecordByUnique("basic:boss").orElseThrow().uid();
            assertThat(store.getAuthRecord(boss, "basic").orElseThrow().level()).isEqualTo(AuthLevel.ROOT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void badDataFile_failsWithAMessageAndWritesNothing(AdminDb db) throws Exception {
        Path bad = Files.writeString(DBS.dir().resolve("bad-" + db + ".json"), "{\"users\": [{\"username\": \"x\"}]}");
        AdminDb.Run run = db.tinode("init-db", "--reset", "--data_file", bad.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("needs 'username' and 'passhash'").doesNotContain("at io.");
        AdminDb.Run missing = db.tinode("init-db", "--reset", "--data_file", DBS.dir().resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no sample data file");
    }
}

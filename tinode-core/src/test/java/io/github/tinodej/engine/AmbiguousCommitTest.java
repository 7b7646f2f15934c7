package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.Message;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.testing.TestClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * FT-02 at engine level: a message write whose commit went through but whose reply was lost (the
 * connection dropped after COMMIT). The publisher gets a 500, yet the row and the stored seq
 * exist; the topic must not keep its old seq in memory, or every later {pub} collides with the
 * stored row (409 for as long as sessions stay attached). The JDBC version of this, with a proxy
 * dropping MariaDB's OK, is tinode-store-jdbc's AmbiguousCommitTest.
 */
class AmbiguousCommitTest extends EngineTest {
    /** Writes that commit, then report a failure as a lost connection would. */
    private final AtomicInteger commitThenFail = new AtomicInteger();
    /** Topic reads and message writes that fail without touching the store: the database is unreachable. */
    private final AtomicInteger down = new AtomicInteger();
    /** How many such failures follow an ambiguous commit (the database went away with the OK). */
    private final AtomicInteger downAfterCommit = new AtomicInteger();

    private static final Set<String> WRITES = Set.of("saveMessage", "saveMessageAsync", "deleteMessages");
    /** Only the calls of the publish path: other actors' store calls must not use up the failures. */
    private static final Set<String> FAULTY = Set.of("saveMessage", "saveMessageAsync", "deleteMessages", "getTopic");

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        // A dynamic proxy rather than a hand-written decorator: every other Store method passes through.
        Store faulty = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (p, m, args) -> {
                    if (FAULTY.contains(m.getName()) && ofTestTopic(args) && down.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new StoreException(StoreException.Kind.INTERNAL, "database unreachable");
                    }
                    Object r;
                    try {
                        r = m.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (WRITES.contains(m.getName()) && commitThenFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        down.set(downAfterCommit.getAndSet(0));
                        throw new StoreException(StoreException.Kind.INTERNAL, "connection lost after COMMIT");
                    }
                    return r;
                });
        return b.store(faulty);
    }

    /** Calls about a group or p2p topic; 'me' and the rest of the server keep working. */
    private static boolean ofTestTopic(Object[] args) {
        Object a = args == null || args.length == 0 ? null : args[0];
        String name = a instanceof Message msg ? msg.topic() : a instanceof String s ? s : "";
        return name.startsWith("grp") || name.startsWith("p2p");
    }

    private static JsonObject pub(TestClient c, String topic, String id) {
        c.send("{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"" + id + "\"}}");
        return c.ctrlFor(id);
    }

    private static List<Integer> history(TestClient c, String topic) {
        c.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + topic + "\",\"what\":\"data\"}}");
        List<Integer> seqs = new ArrayList<>();
        while (true) {
            JsonObject f = c.next();
            if (f.has("data")) {
                seqs.add(f.getAsJsonObject("data").get("seq").getAsInt());
            } else if (f.has("ctrl") && "h".equals(f.getAsJsonObject("ctrl").get("id").getAsString())) {
                return seqs;
            }
        }
    }

    @Test
    void pub_commitSucceededButReplyLost_laterPubsGetFreshSeqsWithoutDuplicates() {
        TestClient a = user("alice");
        String grp = GroupTopicTest.createGroup(a);
        assertThat(pub(a, grp, "m1").getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(1);

        commitThenFail.set(1);
        JsonObject lost = pub(a, grp, "m2");
        assertThat(lost.get("code").getAsInt()).isEqualTo(500);

        List<Integer> acked = new ArrayList<>();
        for (int i = 3; i <= 6; i++) {
            JsonObject ack = pub(a, grp, "m" + i);
            assertThat(ack.get("code").getAsInt()).as("pub m%d after the ambiguous commit", i).isEqualTo(202);
            acked.add(ack.getAsJsonObject("params").get("seq").getAsInt());
        }
        // m2 did commit as seq 2, so the next free seq is 3; it stays visible (at-least-once).
        assertThat(acked).containsExactly(3, 4, 5, 6);
        assertThat(history(a, grp)).containsExactly(6, 5, 4, 3, 2, 1);
    }

    @Test
    void pub_ambiguousCommitWhileDatabaseStaysDown_resyncsOnceItAnswers() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"s\",\"topic\":\"" + b.userId() + "\"}"));
        String p2p = b.userId();

        // The commit lands, then the database vanishes: the read-back before the next write fails too.
        commitThenFail.set(1);
        downAfterCommit.set(1);
        assertThat(pub(a, p2p, "lost").get("code").getAsInt()).isEqualTo(500);
        // Still down when the next request comes: it fails instead of guessing a seq.
        assertThat(pub(a, p2p, "during").get("code").getAsInt()).isEqualTo(500);

        JsonObject ack = pub(a, p2p, "after");
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        assertThat(ack.getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(2);
        assertThat(history(a, p2p)).containsExactly(2, 1);
    }

    @Test
    void pub_failedWithoutCommitting_seqIsNotConsumed() {
        TestClient a = user("alice");
        String grp = GroupTopicTest.createGroup(a);
        down.set(1);
        assertThat(pub(a, grp, "m1").get("code").getAsInt()).isEqualTo(500);
        assertThat(pub(a, grp, "m2").getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(1);
    }

    @Test
    void hardDelete_commitSucceededButReplyLost_nextDeleteGetsAFreshDelId() {
        TestClient a = user("alice");
        String grp = GroupTopicTest.createGroup(a);
        for (int i = 1; i <= 3; i++) {
            pub(a, grp, "m" + i);
        }
        commitThenFail.set(1);
        JsonObject lost = a.request("del", TestClient.json("{\"id\":\"d1\",\"topic\":\"" + grp
                + "\",\"what\":\"msg\",\"delseq\":[{\"low\":1}],\"hard\":true}"));
        assertThat(lost.get("code").getAsInt()).isEqualTo(500);
        JsonObject next = a.request("del", TestClient.json("{\"id\":\"d2\",\"topic\":\"" + grp
                + "\",\"what\":\"msg\",\"delseq\":[{\"low\":2}],\"hard\":true}"));
        assertThat(next.get("code").getAsInt()).isEqualTo(200);
        // Delete id 1 was taken by the delete that did commit.
        assertThat(next.getAsJsonObject("params").get("del").getAsInt()).isEqualTo(2);
    }
}

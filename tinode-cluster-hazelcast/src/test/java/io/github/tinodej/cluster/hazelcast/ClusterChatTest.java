package io.github.tinodej.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients on different nodes of an in-JVM cluster chat as if on one server. */
class ClusterChatTest {
    private Nodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    static JsonObject req(TestClient c, String kind, String body) {
        return c.request(kind, TestClient.json(body));
    }

    /** Skips frames until one matches. */
    static JsonObject await(TestClient c, Predicate<JsonObject> p) {
        while (true) {
            JsonObject f = c.next();
            if (p.test(f)) {
                return f;
            }
        }
    }

    static JsonObject ctrl(TestClient c, String id) {
        return c.ctrlFor(id);
    }

    static JsonObject send(TestClient c, String kind, String id, String body) {
        c.send("{\"" + kind + "\":{\"id\":\"" + id + "\"," + body + "}}");
        return c.ctrlFor(id);
    }

    static JsonObject data(TestClient c, String content) {
        return await(c, f -> f.has("data") && f.getAsJsonObject("data").get("content").getAsString().equals(content))
                .getAsJsonObject("data");
    }

    @Test
    void groupAndP2p_clientsOnThreeNodes_chat() {
        nodes = new Nodes(3);
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        TestClient c = nodes.user(2, "carol");
        for (TestClient x : new TestClient[] {a, b, c}) {
            assertThat(send(x, "sub", "m", "\"topic\":\"me\"").get("code").getAsInt()).isEqualTo(200);
        }
        JsonObject made = send(a, "sub", "g1", "\"topic\":\"new\",\"set\":{\"desc\":{\"defacs\":{\"auth\":\"JRWPS\"}}}");
        assertThat(made.get("code").getAsInt()).isEqualTo(200);
        String grp = made.get("topic").getAsString();
        assertThat(send(b, "sub", "g2", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(c, "sub", "g3", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);

        JsonObject ack = send(b, "pub", "p1", "\"topic\":\"" + grp + "\",\"content\":\"from bob\"");
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        assertThat(data(a, "from bob").get("from").getAsString()).isEqualTo(b.userId());
        assertThat(data(c, "from bob").get("seq").getAsInt()).isEqualTo(1);
        assertThat(send(c, "pub", "p2", "\"topic\":\"" + grp + "\",\"content\":\"from carol\"").get("code").getAsInt())
                .isEqualTo(202);
        assertThat(data(a, "from carol").get("seq").getAsInt()).isEqualTo(2);
        assertThat(data(b, "from carol").get("seq").getAsInt()).isEqualTo(2);

        // p2p between nodes 0 and 2, wherever the topic's master is.
        assertThat(send(a, "sub", "q1", "\"topic\":\"" + c.userId() + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(c, "sub", "q2", "\"topic\":\"" + a.userId() + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(a, "pub", "q3", "\"topic\":\"" + c.userId() + "\",\"content\":\"psst\"").get("code").getAsInt())
                .isEqualTo(202);
        assertThat(data(c, "psst").get("topic").getAsString()).isEqualTo(a.userId());
        assertThat(send(c, "pub", "q4", "\"topic\":\"" + a.userId() + "\",\"content\":\"back\"").get("code").getAsInt())
                .isEqualTo(202);
        assertThat(data(a, "back").get("topic").getAsString()).isEqualTo(c.userId());

        // Carol's contact list, served by her node, knows that Alice is online at hers.
        c.send("{\"get\":{\"id\":\"o1\",\"topic\":\"me\",\"what\":\"sub\"}}");
        JsonObject subs = await(c, f -> f.has("meta")).getAsJsonObject("meta");
        JsonObject alice = null;
        for (var e : subs.getAsJsonArray("sub")) {
            if (e.getAsJsonObject().get("topic").getAsString().equals(a.userId())) {
                alice = e.getAsJsonObject();
            }
        }
        assertThat(alice).isNotNull();
        assertThat(alice.has("online") && alice.get("online").getAsBoolean()).as(alice.toString()).isTrue();

        // History reads through the proxy too.
        b.send("{\"get\":{\"id\":\"h1\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        JsonObject last = await(b, f -> f.has("data") && f.getAsJsonObject("data").get("seq").getAsInt() == 2);
        assertThat(last.getAsJsonObject("data").get("content").getAsString()).isEqualTo("from carol");
        // Leaving works through the proxy: a later publish must attach first.
        assertThat(send(b, "leave", "l1", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(b, "pub", "l2", "\"topic\":\"" + grp + "\",\"content\":\"x\"").get("code").getAsInt())
                .isEqualTo(409);
    }

    @Test
    void rootSuspendsUserOfAnotherNode_userEvictedThere() {
        nodes = new Nodes(2);
        TestClient bob = nodes.user(1, "bobby");
        TestClient r = nodes.user(0, "rooty");
        io.github.tinodej.model.Uid uid = io.github.tinodej.model.Uid.parseUserId(r.userId());
        io.github.tinodej.model.AuthRecord rec = nodes.store.getAuthRecord(uid, "basic").orElseThrow();
        nodes.store.updateAuthRecord(new io.github.tinodej.model.AuthRecord(rec.unique(), uid, rec.scheme(),
                io.github.tinodej.model.AuthLevel.ROOT, rec.secret(), null));
        TestClient root = nodes.client(0);
        root.hi();
        assertThat(root.loginBasic("rooty", "rooty-secret").get("code").getAsInt()).isEqualTo(200);
        JsonObject ok = send(root, "acc", "s1", "\"user\":\"" + bob.userId() + "\",\"status\":\"susp\"");
        assertThat(ok.get("code").getAsInt()).as(ok.toString()).isEqualTo(200);
        JsonObject evicted = bob.nextCtrlSkippingOthers();
        assertThat(evicted.get("code").getAsInt()).isEqualTo(205);
        assertThat(evicted.get("text").getAsString()).isEqualTo("evicted");
    }
}

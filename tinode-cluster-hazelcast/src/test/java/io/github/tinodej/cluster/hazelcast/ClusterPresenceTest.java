package io.github.tinodej.cluster.hazelcast;

import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.await;
import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence that depends on where a user's sessions are, when the user's 'me' is on another node. */
class ClusterPresenceTest {
    private Nodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** A session of Alice on node {@code i} with client {@code ua}, attached to 'me'. */
    private TestClient alice(int i, String ua) {
        TestClient c = nodes.client(i);
        c.send("{\"hi\":{\"id\":\"h\",\"ver\":\"0.25.3\",\"ua\":\"" + ua + "\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
        assertThat(c.loginBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(c, "sub", "m", "\"topic\":\"me\"").get("code").getAsInt()).isEqualTo(200);
        return c;
    }

    private static JsonObject pres(TestClient c, String what, String src) {
        return await(c, f -> f.has("pres") && f.getAsJsonObject("pres").get("what").getAsString().equals(what)
                && f.getAsJsonObject("pres").get("src").getAsString().equals(src)).getAsJsonObject("pres");
    }

    @Test
    void userSwitchesBetweenSessionsOnNodesOtherThanHers_contactHearsUaEachTime() {
        nodes = new Nodes(3);
        TestClient a = nodes.user(0, "alice");
        int home = nodes.ownerOf(a.userId());
        TestClient b = nodes.user(home, "bobby");
        assertThat(send(a, "sub", "p1", "\"topic\":\"" + b.userId() + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(b, "sub", "p2", "\"topic\":\"" + a.userId() + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(b, "sub", "m", "\"topic\":\"me\"").get("code").getAsInt()).isEqualTo(200);

        // Both of Alice's sessions are on nodes that do not host her 'me'.
        TestClient phone = alice((home + 1) % 3, "Tindroid/0.25 (Android)");
        assertThat(pres(b, "on", a.userId()).get("ua").getAsString()).isEqualTo("Tindroid/0.25 (Android)");
        alice((home + 2) % 3, "TinodeWeb/0.25 (Firefox)");
        // Tinode debounces a change of client for 5 s before telling contacts.
        assertThat(pres(b, "ua", a.userId()).get("ua").getAsString()).isEqualTo("TinodeWeb/0.25 (Firefox)");

        // The phone is used again: a request to a topic of any node makes it the current client.
        assertThat(send(phone, "sub", "p3", "\"topic\":\"" + b.userId() + "\"").get("code").getAsInt())
                .isEqualTo(200);
        assertThat(pres(b, "ua", a.userId()).get("ua").getAsString()).isEqualTo("Tindroid/0.25 (Android)");
    }
}

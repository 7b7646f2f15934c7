package io.github.tinodej.cluster.hazelcast;

import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.await;
import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.data;
import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queues between nodes are bounded, and what happens past the bound is what a client can recover from. */
class ClusterBoundsTest {
    private Nodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void outboxToStuckNodeOverflows_linkReset_itsClientsHearTermResubscribeAndChat() {
        Nodes.Setup setup = new Nodes.Setup();
        setup.outboxLimit = 64;
        setup.limits = io.github.tinodej.server.RateLimits.NONE;
        nodes = new Nodes(2, setup);
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        String grp = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);

        // Node 0's link to node 1 is stuck while Alice publishes more than its outbox holds.
        CountDownLatch stuck = new CountDownLatch(1);
        nodes.gates.get(0).stall.set(stuck);
        for (int i = 0; i < 100; i++) {
            a.send("{\"pub\":{\"id\":\"p" + i + "\",\"topic\":\"" + grp + "\",\"content\":\"m" + i + "\"}}");
        }
        for (int i = 0; i < 100; i++) {
            assertThat(a.ctrlFor("p" + i).get("code").getAsInt()).isEqualTo(202);
        }
        nodes.gates.get(0).stall.set(null);
        stuck.countDown();

        // Bob missed messages: like a client whose master left, he hears "term" and subscribes again.
        await(b, f -> f.has("pres") && f.getAsJsonObject("pres").get("what").getAsString().equals("term")
                && f.getAsJsonObject("pres").get("topic").getAsString().equals(grp));
        // (A page of history is well under the bound; a whole history of 100 would not be.)
        JsonObject again = send(b, "sub", "s2", "\"topic\":\"" + grp
                + "\",\"get\":{\"what\":\"data\",\"data\":{\"limit\":10}}");
        assertThat(again.get("code").getAsInt()).isEqualTo(200);
        assertThat(data(b, "m99").get("seq").getAsInt()).isEqualTo(100);
        assertThat(send(a, "pub", "p100", "\"topic\":\"" + grp + "\",\"content\":\"after\"").get("code")
                .getAsInt()).isEqualTo(202);
        assertThat(data(b, "after").get("seq").getAsInt()).isEqualTo(101);
    }

    @Test
    void remoteSessionSendsMoreThanTheOwnerQueues_restAnswered503() {
        Nodes.Setup setup = new Nodes.Setup();
        setup.pausable = true;
        setup.remoteRequestLimit = 4;
        nodes = new Nodes(2, setup);
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        String grp = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);

        // Node 0 handles nothing while eight of Bob's requests reach it.
        int before = nodes.gates.get(0).requests.get();
        nodes.pools.get(0).pause();
        for (int i = 1; i <= 8; i++) {
            b.send("{\"pub\":{\"id\":\"p" + i + "\",\"topic\":\"" + grp + "\",\"content\":\"m" + i + "\"}}");
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (nodes.gates.get(0).requests.get() < before + 8) {
            assertThat(System.nanoTime()).as("requests did not reach node 0 in 30 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        nodes.pools.get(0).resume();

        Map<String, Integer> codes = new HashMap<>();
        while (codes.size() < 8) {
            JsonObject c = b.nextCtrlSkippingOthers();
            codes.put(c.get("id").getAsString(), c.get("code").getAsInt());
        }
        assertThat(codes).containsEntry("p1", 202).containsEntry("p4", 202).containsEntry("p5", 503)
                .containsEntry("p8", 503);
        assertThat(codes.values()).filteredOn(c -> c == 503).hasSize(4);
    }
}

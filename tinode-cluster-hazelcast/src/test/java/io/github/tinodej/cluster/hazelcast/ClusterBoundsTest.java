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
        nodes = new Nodes(2, boundedOutbox());
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        String grp = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);

        // Node 0's link to node 1 is stuck (the first message's batch waits in it) while Alice
        // publishes more than its outbox holds.
        CountDownLatch stuck = new CountDownLatch(1);
        nodes.gates.get(0).stall.set(stuck);
        publish(a, grp, "m", 100, 1);
        nodes.gates.get(0).stall.set(null);
        stuck.countDown();

        resubscribeOnTerm(b, grp, "m99", 100);
        assertThat(send(a, "pub", "p-after", "\"topic\":\"" + grp + "\",\"content\":\"after\"").get("code")
                .getAsInt()).isEqualTo(202);
        assertThat(data(b, "after").get("seq").getAsInt()).isEqualTo(101);
        assertThat(nodes.gates.get(1).resets.get()).isEqualTo(1);
    }

    @Test
    void linkStaysStuckAfterTheReset_moreIsLost_stillOneReset_resubscriptionAnswered() {
        nodes = new Nodes(2, boundedOutbox());
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        String grp = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);

        CountDownLatch first = new CountDownLatch(1);
        nodes.gates.get(0).stall.set(first);
        publish(a, grp, "m", 100, 1);
        // The stuck batch goes, and the link sticks again on the next (the one with the reset) ...
        CountDownLatch second = new CountDownLatch(1);
        nodes.gates.get(0).stall.set(second);
        first.countDown();
        // ... while Alice goes on: Bob, detached on node 0 now, hears of each message on his 'me'
        // (on node 1), more than the outbox holds. That is part of the loss node 1 resets for.
        publish(a, grp, "n", 100, 2);
        nodes.gates.get(0).stall.set(null);
        second.countDown();

        resubscribeOnTerm(b, grp, "n99", 200);
        assertThat(send(a, "pub", "p-after", "\"topic\":\"" + grp + "\",\"content\":\"after\"").get("code")
                .getAsInt()).isEqualTo(202);
        assertThat(data(b, "after").get("seq").getAsInt()).isEqualTo(201);
        // Once: a second reset would have answered Bob's new subscription 502 had it come between.
        assertThat(nodes.gates.get(1).resets.get()).isEqualTo(1);
    }

    private static Nodes.Setup boundedOutbox() {
        Nodes.Setup setup = new Nodes.Setup();
        setup.outboxLimit = 64;
        setup.limits = io.github.tinodej.server.RateLimits.NONE;
        return setup;
    }

    /**
     * Alice publishes {@code n} messages ({@code prefix}0 ...); after the first, waits until node 0's
     * sends have stalled {@code stalls} times (a batch is stuck in the link), and at the end until
     * she has every ack and her copy of the last message: by then the topic has handed them all to
     * node 1's sessions as well (an ack may go before the broadcast).
     */
    private void publish(TestClient a, String grp, String prefix, int n, int stalls) {
        for (int i = 0; i < n; i++) {
            a.send("{\"pub\":{\"id\":\"" + prefix + "p" + i + "\",\"topic\":\"" + grp + "\",\"content\":\""
                    + prefix + i + "\"}}");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (i == 0 && nodes.gates.get(0).stalled.get() < stalls) {
                assertThat(System.nanoTime()).as("node 0's link to node 1 not stuck in 10 s").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        }
        Map<String, Integer> acks = new HashMap<>();
        boolean lastSeen = false;
        while (acks.size() < n || !lastSeen) {
            JsonObject f = a.next();
            if (f.has("ctrl") && f.getAsJsonObject("ctrl").get("id").getAsString().startsWith(prefix + "p")) {
                acks.put(f.getAsJsonObject("ctrl").get("id").getAsString(), f.getAsJsonObject("ctrl").get("code")
                        .getAsInt());
            }
            lastSeen |= f.has("data") && f.getAsJsonObject("data").get("content").getAsString()
                    .equals(prefix + (n - 1));
        }
        assertThat(acks.values()).containsOnly(202);
    }

    /** Bob missed messages: like a client whose master left, he hears "term" and subscribes again. */
    private static void resubscribeOnTerm(TestClient b, String grp, String last, int lastSeq) {
        await(b, f -> f.has("pres") && f.getAsJsonObject("pres").get("what").getAsString().equals("term")
                && f.getAsJsonObject("pres").get("topic").getAsString().equals(grp));
        // (A page of history is well under the bound; a whole history of 100 would not be.)
        JsonObject again = send(b, "sub", "s2", "\"topic\":\"" + grp
                + "\",\"get\":{\"what\":\"data\",\"data\":{\"limit\":10}}");
        assertThat(again.get("code").getAsInt()).isEqualTo(200);
        assertThat(data(b, last).get("seq").getAsInt()).isEqualTo(lastSeq);
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

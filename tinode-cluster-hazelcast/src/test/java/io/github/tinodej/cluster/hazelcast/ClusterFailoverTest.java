package io.github.tinodej.cluster.hazelcast;

import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.await;
import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.data;
import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node dies: clients of the others hear "term", subscribe again and keep chatting; the node rejoins. */
class ClusterFailoverTest {
    private Nodes nodes;

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** Publishes; a topic that moved meanwhile answers 409 (the term detached us), so subscribe again and retry. */
    static int publish(TestClient c, String topic, String id, String content) {
        JsonObject ack = send(c, "pub", id, "\"topic\":\"" + topic + "\",\"content\":\"" + content + "\"");
        if (ack.get("code").getAsInt() == 409) {
            assertThat(send(c, "sub", id + "s", "\"topic\":\"" + topic + "\"").get("code").getAsInt()).isEqualTo(200);
            ack = send(c, "pub", id + "r", "\"topic\":\"" + topic + "\",\"content\":\"" + content + "\"");
        }
        assertThat(ack.get("code").getAsInt()).as(ack.toString()).isEqualTo(202);
        return ack.getAsJsonObject("params").get("seq").getAsInt();
    }

    @Test
    void masterNodeDies_othersResubscribeAndChat_nodeRejoins() {
        nodes = new Nodes(3);
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        TestClient c = nodes.user(2, "carol");
        String grp = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "g2", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(c, "sub", "g3", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(publish(b, grp, "p1", "one")).isEqualTo(1);
        assertThat(publish(c, grp, "p2", "two")).isEqualTo(2);

        // The group was created on node 0, which owns it: kill that member without a goodbye.
        nodes.clusters.get(0).hazelcast().getLifecycleService().terminate();
        nodes.stop(0);
        for (TestClient x : new TestClient[] {b, c}) {
            await(x, f -> f.has("pres") && f.getAsJsonObject("pres").get("what").getAsString().equals("term")
                    && f.getAsJsonObject("pres").get("topic").getAsString().equals(grp));
            assertThat(send(x, "sub", "r" + x.userId(), "\"topic\":\"" + grp + "\"").get("code").getAsInt())
                    .isEqualTo(200);
        }
        assertThat(publish(b, grp, "p3", "three")).isEqualTo(3);
        assertThat(data(c, "three").get("seq").getAsInt()).isEqualTo(3);

        // The node comes back; where a topic moves to it, its clients are told and subscribe again.
        nodes.start(0);
        until(() -> nodes.clusters.get(1).hazelcast().getPartitionService().isClusterSafe()
                && nodes.clusters.get(1).hazelcast().getCluster().getMembers().size() == 3);
        TestClient a2 = nodes.client(0);
        a2.hi();
        assertThat(a2.loginBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(a2, "sub", "g4", "\"topic\":\"" + grp + "\",\"get\":{\"what\":\"data\"}").get("code")
                .getAsInt()).isEqualTo(200);
        int seq = publish(c, grp, "p4", "four");
        assertThat(seq).isEqualTo(4);
        assertThat(data(a2, "four").get("seq").getAsInt()).isEqualTo(4);
        int seq5 = publish(b, grp, "p5", "five");
        assertThat(data(a2, "five").get("seq").getAsInt()).isEqualTo(seq5);
    }

    @Test
    void nodeDiesWithRequestsInFlight_eachAnswered502InOrder() {
        nodes = new Nodes(3);
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        TestClient c = nodes.user(2, "carol");
        String doomed = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        String live = send(c, "sub", "g2", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + doomed + "\"").get("code").getAsInt()).isEqualTo(200);
        assertThat(send(b, "sub", "s2", "\"topic\":\"" + live + "\"").get("code").getAsInt()).isEqualTo(200);

        // Node 0 hangs: what Bob asks of its topic stays unanswered; node 2 still answers.
        nodes.gates.get(0).deaf.set(true);
        b.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + doomed + "\",\"content\":\"lost\"}}");
        b.send("{\"pub\":{\"id\":\"p2\",\"topic\":\"" + live + "\",\"content\":\"fine\"}}");
        b.send("{\"get\":{\"id\":\"p3\",\"topic\":\"" + doomed + "\",\"what\":\"desc\"}}");
        b.send("{\"pub\":{\"id\":\"p4\",\"topic\":\"" + doomed + "\",\"content\":\"lost too\"}}");
        JsonObject fine = b.nextCtrlSkippingOthers();
        assertThat(fine.get("id").getAsString()).isEqualTo("p2");
        assertThat(fine.get("code").getAsInt()).isEqualTo(202);

        // It dies: each request still waiting gets Tinode's proxy failure, in the order sent.
        nodes.clusters.get(0).hazelcast().getLifecycleService().terminate();
        nodes.stop(0);
        for (String id : new String[] {"p1", "p3", "p4"}) {
            JsonObject ctrl = b.nextCtrlSkippingOthers();
            assertThat(ctrl.get("id").getAsString()).isEqualTo(id);
            assertThat(ctrl.get("topic").getAsString()).isEqualTo(doomed);
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(502);
            assertThat(ctrl.get("text").getAsString()).isEqualTo("cluster unreachable");
        }
    }

    @Test
    void ownershipBeingPromoted_requestWaitsOffThread_answeredOnceKnownOr502After5s() {
        nodes = new Nodes(2);
        TestClient a = nodes.user(0, "alice");
        TestClient b = nodes.user(1, "bobby");
        String grp = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
        assertThat(send(b, "sub", "s1", "\"topic\":\"" + grp + "\"").get("code").getAsInt()).isEqualTo(200);

        // Bob's node sees no owner for a moment: his publish waits, his session does not.
        nodes.gates.get(1).promoting.set(true);
        b.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + grp + "\",\"content\":\"waited\"}}");
        b.send("{\"sub\":{\"id\":\"f1\",\"topic\":\"fnd\"}}");
        JsonObject fnd = b.nextCtrlSkippingOthers();
        assertThat(fnd.get("id").getAsString()).isEqualTo("f1");
        nodes.gates.get(1).promoting.set(false);
        JsonObject ack = b.nextCtrlSkippingOthers();
        assertThat(ack.get("id").getAsString()).isEqualTo("p1");
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        assertThat(data(a, "waited").get("seq").getAsInt()).isEqualTo(1);

        // An owner that never shows up: Tinode's answer when the master cannot be reached.
        nodes.gates.get(1).promoting.set(true);
        JsonObject gaveUp = send(b, "pub", "p2", "\"topic\":\"" + grp + "\",\"content\":\"lost\"");
        assertThat(gaveUp.get("code").getAsInt()).isEqualTo(502);
        assertThat(gaveUp.get("text").getAsString()).isEqualTo("cluster unreachable");
        nodes.gates.get(1).promoting.set(false);
    }

    private static void until(java.util.function.BooleanSupplier cond) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 30 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
    }
}

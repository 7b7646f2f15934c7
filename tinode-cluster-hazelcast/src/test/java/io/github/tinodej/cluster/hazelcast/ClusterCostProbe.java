package io.github.tinodej.cluster.hazelcast;

import static io.github.tinodej.cluster.hazelcast.ClusterChatTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cost of cluster mode, for BENCHMARKS.md (not a pass/fail test; run with
 * {@code -Dtinodej.cluster.probe=true}): closed-loop group publishes from one client, acknowledged
 * one at a time, on a single node, on a node of three hosting the master, and through a proxy to
 * the master on another node. In-memory store, so the figures are the routing cost alone.
 */
@EnabledIfSystemProperty(named = "tinodej.cluster.probe", matches = "true")
class ClusterCostProbe {
    private static final int WARMUP = 2000;
    private static final int N = 5000;

    @Test
    void singleNode_vs_masterHere_vs_proxied() {
        LocalTransport t = new LocalTransport();
        try (TinodeServer s = TestServers.builder().store(new MemoryStore()).transport(t)
                .rateLimits(io.github.tinodej.server.RateLimits.NONE).build().start()) {
            TestClient a = new TestClient(t);
            a.hi();
            a.createBasic("alice", "alice-secret");
            String grp = send(a, "sub", "g", "\"topic\":\"new\"").get("topic").getAsString();
            report("single node", a, grp);
            a.close();
        }
        try (Nodes nodes = new Nodes(3, io.github.tinodej.server.RateLimits.NONE)) {
            TestClient a = nodes.user(0, "alice");
            TestClient b = nodes.user(1, "bobby");
            String here = send(a, "sub", "g1", "\"topic\":\"new\"").get("topic").getAsString();
            String there = send(b, "sub", "g2", "\"topic\":\"new\"").get("topic").getAsString();
            assertThat(send(a, "sub", "g3", "\"topic\":\"" + there + "\"").get("code").getAsInt()).isEqualTo(200);
            report("3 nodes, master on the client's node", a, here);
            report("3 nodes, master on another node (proxied)", a, there);
        }
    }

    /** One message to many subscribers attached at another node than the master: the time until all have it. */
    @Test
    void fanOut_toSubscribersOnTheSameNode_vs_anotherNode() {
        fanOut(0);
        fanOut(1);
    }

    private static void fanOut(int readerNode) {
        int members = 30;
        int messages = 1000;
        try (Nodes nodes = new Nodes(2, io.github.tinodej.server.RateLimits.NONE)) {
            TestClient owner = nodes.user(0, "owner");
            String grp = send(owner, "sub", "g", "\"topic\":\"new\"").get("topic").getAsString();
            java.util.List<TestClient> readers = new java.util.ArrayList<>();
            for (int i = 0; i < members; i++) {
                TestClient r = nodes.user(readerNode, "reader" + i);
                com.google.gson.JsonObject ok = send(r, "sub", "s", "\"topic\":\"" + grp + "\"");
                assertThat(ok.get("code").getAsInt()).as(ok + " " + r.userId()).isEqualTo(200);
                readers.add(r);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                owner.send("{\"pub\":{\"id\":\"f" + i + "\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"m" + i + "\"}}");
            }
            for (TestClient r : readers) {
                ClusterChatTest.await(r, f -> f.has("data") && f.getAsJsonObject("data").get("content").getAsString()
                        .equals("m" + (messages - 1)));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("cluster probe: fan-out %d msgs x %d members on the %s node: %.2f s, %.0f deliveries/s%n",
                    messages, members, readerNode == 0 ? "master's" : "other", secs, messages * (double) members / secs);
        }
    }

    private static void report(String label, TestClient c, String topic) {
        run(c, topic, WARMUP);
        long t0 = System.nanoTime();
        long[] lat = run(c, topic, N);
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(lat);
        System.out.printf("cluster probe: %-45s %6.0f acked pubs/s  p50 %5.0f us  p99 %6.0f us%n", label, N / secs,
                lat[N / 2] / 1e3, lat[N * 99 / 100] / 1e3);
    }

    private static long[] run(TestClient c, String topic, int n) {
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            c.send("{\"pub\":{\"id\":\"x" + i + "\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"m" + i + "\"}}");
            assertThat(c.ctrlFor("x" + i).get("code").getAsInt()).isEqualTo(202);
            lat[i] = System.nanoTime() - t;
        }
        return lat;
    }
}

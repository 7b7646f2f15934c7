package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's done-when: three launcher JVMs on 127.0.0.1 form a Hazelcast cluster over one
 * MariaDB database (created and dropped here); users spread over the nodes chat in groups and p2p;
 * one node is killed with SIGKILL; every acknowledged message is still readable, the clients of the
 * surviving nodes subscribe again and keep chatting, and the killed node rejoins and serves again.
 * 300 users as the issue asks (88 s on a quiet 2-core box); {@code -Dtinodej.cluster.users=60} for a
 * quicker run while working on it.
 */
@EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
class ClusterProcessesTest {
    private static final int USERS = Integer.getInteger("tinodej.cluster.users", 300);
    /** Coprime with the node count, so that every group has members on every node. */
    private static final int GROUPS = 5;
    private static final String TOKEN_KEY = "wfaY2RgF2S1OQI/ZlK+LSrp1KjjBjakxdcjeo6NKwNA=";

    private final List<ClusterUser> users = new ArrayList<>();
    private final List<ClusterUser.Ack> acks = Collections.synchronizedList(new ArrayList<>());
    /** Per topic key: the user who reads it back and the name that user knows it by. */
    private final Map<String, String[]> readers = new HashMap<>();
    private final LauncherProcess[] nodes = new LauncherProcess[3];
    private final ExecutorService pool = Executors.newFixedThreadPool(12);

    @Test
    void threeNodes_sigkillOne_ackedMessagesReadable_survivorsChat_nodeRejoins(@TempDir Path dir) throws Exception {
        String admin = System.getenv("TINODEJ_TEST_MYSQL_URL");
        String db = "tj_cluster_" + Long.toHexString(System.nanoTime());
        String url = admin.replaceFirst("/[^/?]*\\?", "/" + db + "?");
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        try {
            run(dir, url);
        } finally {
            users.forEach(ClusterUser::close);
            pool.shutdownNow();
            for (LauncherProcess n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db);
            }
        }
    }

    private void run(Path dir, String url) throws Exception {
        Path[] confs = configs(dir, url);
        long t0 = System.nanoTime();
        nodes[0] = new LauncherProcess(dir.resolve("n0"), confs[0], "n0");
        Future<LauncherProcess> n1 = async(() -> new LauncherProcess(dir.resolve("n1"), confs[1], "n1"));
        Future<LauncherProcess> n2 = async(() -> new LauncherProcess(dir.resolve("n2"), confs[2], "n2"));
        nodes[1] = n1.get();
        nodes[2] = n2.get();
        log("3 nodes up in " + ms(t0) + " ms");

        // Users spread round-robin; each signs up, opens 'me', joins a group and a p2p topic.
        for (int i = 0; i < USERS; i++) {
            users.add(new ClusterUser(i, i % 3));
        }
        each(users, u -> {
            u.connect(nodes[u.node].port, true);
            u.subscribe("me", 30_000);
        });
        String[] groups = new String[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            groups[g] = users.get(g).subscribe("new", 30_000);
            readers.put("grp" + g, new String[] {users.get(g).login, groups[g]});
        }
        each(users, u -> {
            u.group = groups[u.index % GROUPS];
            if (u.index >= GROUPS) {
                u.subscribe(u.group, 30_000);
            }
            ClusterUser peer = users.get((u.index + 1) % USERS);
            u.peerUid = peer.uid;
            u.subscribe(peer.uid, 30_000);
        });
        for (ClusterUser u : users) {
            synchronized (readers) {
                readers.put("p2p" + u.index, new String[] {u.login, u.peerUid});
            }
        }
        log(USERS + " users on 3 nodes in " + ms(t0) + " ms");

        round(users, "before", 30_000);
        int ackedBefore = acks.size();
        assertThat(ackedBefore).isEqualTo(2 * USERS);

        // Pull the plug on node 2: no shutdown hook, no goodbye to the other members.
        nodes[2].kill();
        long killed = System.nanoTime();
        List<ClusterUser> survivors = users.stream().filter(u -> u.node != 2).toList();
        users.stream().filter(u -> u.node == 2).forEach(ClusterUser::close);
        round(survivors, "after", 60_000);
        log("survivors chatting again " + ms(killed) + " ms after the kill");
        round(survivors, "again", 30_000);
        // Every survivor hears a post-kill message from another user of its group.
        each(survivors, u -> assertThat(u.awaitHeard(c -> c.startsWith("again-g-") && !c.equals("again-g-" + u.index),
                10_000)).as(u.login + " heard nothing from its group after the kill").isTrue());

        // The node comes back with its old configuration and serves its users again.
        nodes[2] = new LauncherProcess(dir.resolve("n2"), confs[2], "n2");
        List<ClusterUser> returning = users.stream().filter(u -> u.node == 2).toList();
        each(returning, u -> {
            u.connect(nodes[2].port, false);
            u.subscribe(u.group, 30_000);
            u.subscribe(u.peerUid, 30_000);
        });
        round(users, "rejoined", 60_000);
        log("node 2 rejoined; all " + USERS + " users chatting, " + acks.size() + " messages acknowledged");

        readBackAndCheck();
    }

    /** Every user publishes once to its group and once to its p2p topic; every publish must be acknowledged. */
    private void round(List<ClusterUser> who, String tag, long budgetMs) throws Exception {
        each(who, u -> {
            ClusterUser.Ack g = u.publish("grp" + (u.index % GROUPS), u.group, tag + "-g-" + u.index, budgetMs);
            assertThat(g).as(u.login + " group publish '" + tag + "' never acknowledged").isNotNull();
            acks.add(g);
            ClusterUser.Ack p = u.publish("p2p" + u.index, u.peerUid, tag + "-p-" + u.index, budgetMs);
            assertThat(p).as(u.login + " p2p publish '" + tag + "' never acknowledged").isNotNull();
            acks.add(p);
        });
    }

    /** Reads every topic back through node 0 and compares with what was acknowledged. */
    private void readBackAndCheck() throws Exception {
        Map<String, Map<Integer, String>> stored = new HashMap<>();
        Map<String, ClusterUser> byLogin = new HashMap<>();
        users.forEach(u -> byLogin.put(u.login, u));
        for (Map.Entry<String, String[]> r : readers.entrySet()) {
            ClusterUser reader = byLogin.get(r.getValue()[0]);
            try (WireClient c = WireLoad.login(nodes[0].port, reader.token)) {
                WireLoad.sub(c, r.getValue()[1]);
                stored.put(r.getKey(), WireLoad.history(c, r.getValue()[1]));
            }
        }
        int lost = 0;
        Map<String, Integer> seen = new HashMap<>();
        for (ClusterUser.Ack a : acks) {
            String got = stored.getOrDefault(a.key(), Map.of()).get(a.seq());
            if (!a.content().equals(got)) {
                lost++;
                log("acknowledged but missing: " + a + ", stored " + got);
            }
            assertThat(seen.put(a.key() + "#" + a.seq(), 1)).as("seq acknowledged twice: " + a).isNull();
        }
        log(acks.size() + " acknowledged messages checked, " + lost + " lost");
        assertThat(lost).isZero();
    }

    private Path[] configs(Path dir, String url) throws Exception {
        int[] ports = {FreePorts.below(), FreePorts.below(), FreePorts.below()};
        StringBuilder nodesJson = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            nodesJson.append(i == 0 ? "" : ",").append("{\"name\":\"n").append(i).append("\",\"addr\":\"127.0.0.1:")
                    .append(ports[i]).append("\"}");
        }
        Path[] out = new Path[3];
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(dir.resolve("n" + i));
            out[i] = dir.resolve("n" + i + ".conf");
            Files.writeString(out[i], "{" + CrashDurabilityTest.NO_RATE_LIMITS
                    + ",\"store_config\":{\"use_adapter\":\"mysql\",\"adapters\":{\"mysql\":{\"url\":\"" + url + "\"}}}"
                    + ",\"auth_config\":{\"token\":{\"key\":\"" + TOKEN_KEY + "\"}}"
                    + ",\"cluster_config\":{\"self\":\"n" + i + "\",\"cluster_name\":\"tj-" + ports[0] + "\",\"failure_seconds\":5"
                    + ",\"nodes\":[" + nodesJson + "]}}");
        }
        return out;
    }

    interface UserTask {
        void run(ClusterUser u) throws Exception;
    }

    /** Runs the task for every user on the pool and waits; the first failure fails the test. */
    private void each(List<ClusterUser> who, UserTask task) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (ClusterUser u : who) {
            fs.add(pool.submit(() -> {
                task.run(u);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }

    private <T> Future<T> async(java.util.concurrent.Callable<T> c) {
        return pool.submit(c);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void log(String s) {
        System.out.println("cluster test: " + s);
    }

}

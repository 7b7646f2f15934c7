package io.github.tinodej.cluster.hazelcast;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.push.RecordingPushProvider;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.util.ArrayList;
import java.util.List;

/** Several servers in one JVM, each its own Hazelcast member, sharing one in-memory store. */
final class Nodes implements AutoCloseable {
    final MemoryStore store = new MemoryStore();
    final List<String> addresses = new ArrayList<>();
    final List<TinodeServer> servers = new ArrayList<>();
    final List<LocalTransport> transports = new ArrayList<>();
    final List<HazelcastCluster> clusters = new ArrayList<>();
    /** The same clusters as the servers see them, each of which can be made deaf. */
    final List<GatedCluster> gates = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    /** Each node's push provider, when the nodes were made with them. */
    final List<RecordingPushProvider> pushes = new ArrayList<>();

    /** Each node's worker pool, when the nodes were made with pausable ones. */
    final List<PausableExecutor> pools = new ArrayList<>();

    /** What the nodes are made with. */
    static final class Setup {
        io.github.tinodej.server.RateLimits limits = io.github.tinodej.server.RateLimits.DEFAULTS;
        /** Each server has a {@link RecordingPushProvider} (in {@link #pushes}). */
        boolean push;
        /** Each server's worker pool is a {@link PausableExecutor} (in {@link #pools}). */
        boolean pausable;
        int outboxLimit = 65_536;
        int remoteRequestLimit = 1024;
    }

    private final Setup setup;

    Nodes(int n) {
        this(n, new Setup());
    }

    Nodes(int n, io.github.tinodej.server.RateLimits limits) {
        this(n, withLimits(limits));
    }

    private static Setup withLimits(io.github.tinodej.server.RateLimits limits) {
        Setup s = new Setup();
        s.limits = limits;
        return s;
    }

    Nodes(int n, Setup setup) {
        this.setup = setup;
        for (int i = 0; i < n; i++) {
            addresses.add("127.0.0.1:" + io.github.tinodej.testing.FreePorts.below());
        }
        for (int i = 0; i < n; i++) {
            servers.add(null);
            transports.add(null);
            clusters.add(null);
            gates.add(null);
            pushes.add(setup.push ? new RecordingPushProvider() : null);
            pools.add(setup.pausable ? new PausableExecutor() : null);
        }
        // Members start one after the other: the first forms the cluster, the others join it.
        for (int i = 0; i < n; i++) {
            start(i);
        }
        awaitSettled();
    }

    /**
     * Waits until every member sees all others and no partition is migrating: until then topics
     * may still move (and their clients hear "term"), which the tests of steady state do not expect.
     */
    void awaitSettled() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (HazelcastCluster c : clusters) {
            if (c == null || c.hazelcast() == null || !c.hazelcast().getLifecycleService().isRunning()) {
                continue;
            }
            while (c.hazelcast().getCluster().getMembers().size() != live()
                    || !c.hazelcast().getPartitionService().isClusterSafe()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cluster did not settle in 60 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    private long live() {
        return servers.stream().filter(s -> s != null).count();
    }

    void start(int i) {
        LocalTransport t = new LocalTransport();
        HazelcastCluster c = HazelcastCluster.builder().nodeName("n" + i).listen(addresses.get(i))
                .members(addresses).clusterName("tj-test-" + addresses.get(0)).failureSeconds(5)
                .outboxLimit(setup.outboxLimit).remoteRequestLimit(setup.remoteRequestLimit).build();
        GatedCluster g = new GatedCluster(c);
        gates.set(i, g);
        TinodeServer.Builder b = TestServers.builder().store(store).transport(t).cluster(g).rateLimits(setup.limits);
        if (setup.push) {
            b.push(pushes.get(i));
        }
        if (setup.pausable) {
            b.executor(pools.get(i));
        }
        TinodeServer s = b.build().start();
        servers.set(i, s);
        transports.set(i, t);
        clusters.set(i, c);
    }

    /** The index of the live node that owns {@code key} (a topic's or user's routable name). */
    int ownerOf(String key) {
        HazelcastCluster any = clusters.stream().filter(c -> c != null && c.hazelcast() != null
                && c.hazelcast().getLifecycleService().isRunning()).findFirst().orElseThrow();
        String owner = any.ownerOf(key);
        for (int i = 0; i < clusters.size(); i++) {
            if (servers.get(i) != null && clusters.get(i).localNode().equals(owner)) {
                return i;
            }
        }
        throw new AssertionError("no live node owns " + key);
    }

    void stop(int i) {
        servers.get(i).close();
        servers.set(i, null);
    }

    /** A client on node {@code i} that said hi and created and logged into a basic account. */
    TestClient user(int i, String login) {
        TestClient c = client(i);
        c.hi();
        c.createBasic(login, login + "-secret");
        return c;
    }

    TestClient client(int i) {
        TestClient c = new TestClient(transports.get(i));
        clients.add(c);
        return c;
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
        for (TinodeServer s : servers) {
            if (s != null) {
                s.close();
            }
        }
        for (PausableExecutor p : pools) {
            if (p != null) {
                p.close();
            }
        }
    }
}

package io.github.tinodej.cluster.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.topic.ITopic;
import io.github.tinodej.cluster.Cluster;
import io.github.tinodej.cluster.ClusterListener;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Cluster} on an embedded Hazelcast member: members find each other over TCP from a list
 * of addresses (no multicast), the owner of a topic is the owner of the Hazelcast partition its
 * name hashes to, and each node receives its messages on its own Hazelcast topic
 * ({@code tinodej.<member uuid>}), which keeps one sender's messages in order.
 *
 * <p>Built with {@link #builder()}; the server starts it (creating the Hazelcast member) and stops
 * it (shutting the member down gracefully, so its partitions move before it leaves). No shutdown
 * hook is registered, but the member's own threads are Hazelcast's and keep the JVM alive until
 * the server stops: a host that adds a cluster must stop its server. {@link #ownerOf} answers null
 * while partitions are promoted after a member died (rather than guess an owner and let two nodes
 * write the same topic); it never waits. Thread-safe.
 */
public final class HazelcastCluster implements Cluster {
    private static final System.Logger LOG = System.getLogger(HazelcastCluster.class.getName());
    private static final String TOPIC_PREFIX = "tinodej.";
    /** The defaults of {@link Cluster#outboxLimit} and {@link Cluster#remoteRequestLimit}. */
    private static final int DEFAULT_OUTBOX_LIMIT = 65_536;
    private static final int DEFAULT_REMOTE_REQUEST_LIMIT = 1024;

    private final Config config;
    private final int minMembers;
    private final int outboxLimit;
    private final int remoteRequestLimit;
    private volatile HazelcastInstance hz;
    private volatile String local;
    private ExecutorService notifier;

    private HazelcastCluster(Config config, int minMembers, int outboxLimit, int remoteRequestLimit) {
        this.config = config;
        this.minMembers = minMembers;
        this.outboxLimit = outboxLimit;
        this.remoteRequestLimit = remoteRequestLimit;
    }

    /** A builder for a member joining the nodes at the listed addresses. */
    public static Builder builder() {
        return new Builder();
    }

    /** A cluster on the host's own Hazelcast configuration (its join, network and properties). */
    public static HazelcastCluster of(Config config, int minMembers) {
        return new HazelcastCluster(Objects.requireNonNull(config, "config"), minMembers, DEFAULT_OUTBOX_LIMIT,
                DEFAULT_REMOTE_REQUEST_LIMIT);
    }

    @Override
    public synchronized void start(ClusterListener listener) {
        if (hz != null) {
            throw new IllegalStateException("cluster already started");
        }
        notifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tinodej-cluster-topology");
            t.setDaemon(true);
            return t;
        });
        hz = Hazelcast.newHazelcastInstance(config);
        local = hz.getCluster().getLocalMember().getUuid().toString();
        ITopic<String> inbox = hz.getTopic(TOPIC_PREFIX + local);
        inbox.addMessageListener(m -> {
            String s = m.getMessageObject();
            int nl = s.indexOf('\n');
            listener.onMessage(s.substring(0, nl), s.substring(nl + 1));
        });
        Runnable changed = () -> notifier.execute(() -> {
            try {
                listener.onTopologyChanged();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cluster: topology change failed", e);
            }
        });
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                LOG.log(System.Logger.Level.INFO, "cluster: member joined " + e.getMember());
                changed.run();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                LOG.log(System.Logger.Level.INFO, "cluster: member left " + e.getMember());
                changed.run();
            }
        });
        hz.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
            }

            @Override
            public void migrationFinished(MigrationState state) {
                changed.run();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
            }
        });
        awaitPartitions();
        // The members already there count as joined: the server learns what is online at them.
        changed.run();
    }

    /** Partitions are assigned on first use; a node must know every owner before it routes. */
    private void awaitPartitions() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Partition p : hz.getPartitionService().getPartitions()) {
            while (p.getOwner() == null && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (hz == null) {
            return;
        }
        hz.shutdown();
        notifier.shutdownNow();
    }

    @Override
    public String localNode() {
        return local;
    }

    @Override
    public String ownerOf(String key) {
        Member owner = hz.getPartitionService().getPartition(key).getOwner();
        // Between a member leaving and its partitions being promoted the owner is missing or
        // dead for a moment (milliseconds). Guessing would let two nodes host the same topic
        // (two writers of one seq); the server waits for the promotion without holding a thread.
        return owner != null && hz.getCluster().getMembers().contains(owner) ? owner.getUuid().toString() : null;
    }

    @Override
    public Set<String> nodes() {
        Set<String> out = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            out.add(m.getUuid().toString());
        }
        return out;
    }

    @Override
    public boolean hasQuorum() {
        HazelcastInstance h = hz;
        return h != null && h.getLifecycleService().isRunning() && h.getCluster().getMembers().size() >= minMembers;
    }

    @Override
    public void send(String node, String message) {
        try {
            hz.<String>getTopic(TOPIC_PREFIX + node).publish(local + "\n" + message);
        } catch (RuntimeException e) {
            // The node left or this member is shutting down; the message is lost as documented.
            LOG.log(System.Logger.Level.DEBUG, "cluster: send to " + node + " failed", e);
        }
    }

    @Override
    public int outboxLimit() {
        return outboxLimit;
    }

    @Override
    public int remoteRequestLimit() {
        return remoteRequestLimit;
    }

    /** The underlying Hazelcast member (null before start), for monitoring. */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    /** Builds a {@link HazelcastCluster}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private String name = "";
        private String host = "127.0.0.1";
        private int port = 5701;
        private List<String> members = List.of();
        private String clusterName = "tinodej";
        private int minMembers = -1;
        private int failureSeconds = 10;
        private int outboxLimit = DEFAULT_OUTBOX_LIMIT;
        private int remoteRequestLimit = DEFAULT_REMOTE_REQUEST_LIMIT;

        private Builder() {
        }

        /** This node's name (Tinode's {@code cluster_config.self}), for logs. */
        public Builder nodeName(String n) {
            this.name = Objects.requireNonNull(n, "nodeName");
            return this;
        }

        /** Where this member listens: {@code host:port}. */
        public Builder listen(String hostPort) {
            int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("listen: expected host:port, got '" + hostPort + "'");
            }
            try {
                this.port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("listen: bad port in '" + hostPort + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("listen: bad port in '" + hostPort + "'");
            }
            this.host = hostPort.substring(0, colon);
            return this;
        }

        /** Every node's {@code host:port} (this one's may be included). */
        public Builder members(List<String> hostPorts) {
            if (hostPorts == null || hostPorts.isEmpty()) {
                throw new IllegalArgumentException("members: at least one address is needed");
            }
            this.members = List.copyOf(hostPorts);
            return this;
        }

        /** Hazelcast cluster name: nodes with another name never join this cluster; default {@code tinodej}. */
        public Builder clusterName(String n) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("clusterName: must not be empty");
            }
            this.clusterName = n;
            return this;
        }

        /**
         * Fewest members a node must see to serve clients; default a majority of {@link #members}.
         * Below it the node answers {@code {ctrl 502 "cluster unreachable"}}.
         */
        public Builder minMembers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minMembers: must be at least 1, got " + n);
            }
            this.minMembers = n;
            return this;
        }

        /** How long a silent member is given before it is declared dead; default 10 s. */
        public Builder failureSeconds(int s) {
            if (s < 1) {
                throw new IllegalArgumentException("failureSeconds: must be at least 1, got " + s);
            }
            this.failureSeconds = s;
            return this;
        }

        /** See {@link Cluster#outboxLimit}; default 65,536. */
        public Builder outboxLimit(int n) {
            if (n < 16) {
                throw new IllegalArgumentException("outboxLimit: must be at least 16, got " + n);
            }
            this.outboxLimit = n;
            return this;
        }

        /** See {@link Cluster#remoteRequestLimit}; default 1,024. */
        public Builder remoteRequestLimit(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("remoteRequestLimit: must be at least 1, got " + n);
            }
            this.remoteRequestLimit = n;
            return this;
        }

        public HazelcastCluster build() {
            Config c = new Config();
            c.setClusterName(clusterName);
            if (!name.isEmpty()) {
                c.setInstanceName("tinodej-" + name + "-" + Long.toHexString(System.nanoTime()));
                c.getMemberAttributeConfig().setAttribute("tinodej.node", name);
            }
            c.setProperty("hazelcast.shutdownhook.enabled", "false");
            c.setProperty("hazelcast.phone.home.enabled", "false");
            c.setProperty("hazelcast.logging.type", "jdk");
            c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
            c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(failureSeconds));
            c.setProperty("hazelcast.wait.seconds.before.join", "1");
            c.setProperty("hazelcast.socket.bind.any", "false");
            c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
            c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
            JoinConfig join = c.getNetworkConfig().getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host + ":" + port) : members);
            int min = minMembers > 0 ? minMembers : Math.max(1, members.size() / 2 + 1);
            return new HazelcastCluster(c, min, outboxLimit, remoteRequestLimit);
        }
    }
}

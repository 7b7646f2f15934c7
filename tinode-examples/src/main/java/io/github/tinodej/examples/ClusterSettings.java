package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.cluster.hazelcast.HazelcastCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * Tinode's {@code cluster_config}: {@code self} names this node among {@code nodes}
 * ({@code [{name, addr}]}); each {@code addr} is where that node's cluster member listens. A blank
 * {@code self} means a single node, as in Tinode. The members run on embedded Hazelcast (TCP join
 * from the listed addresses); {@code failover.heartbeat} (ms) times {@code failover.node_fail_after}
 * is how long a silent node is given. tinodej's own keys: {@code min_members} (default a majority of
 * {@code nodes}: fewer members seen means {@code 502 "cluster unreachable"}), {@code cluster_name},
 * {@code outbox_limit} and {@code remote_request_limit} (the queues between nodes, see
 * {@code Cluster#outboxLimit} and {@code Cluster#remoteRequestLimit}).
 */
final class ClusterSettings {
    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());

    private ClusterSettings() {
    }

    /**
     * Makes {@code b} a cluster node when the configuration names this node.
     *
     * @throws TinodeConfig.ConfigException for a {@code self} not among the nodes or a bad address
     */
    static void apply(TinodeConfig cfg, TinodeServer.Builder b) {
        String self = cfg.string("cluster_config.self");
        if (self == null || self.isBlank()) {
            return;
        }
        JsonElement nodes = cfg.element("cluster_config.nodes");
        if (nodes == null || !nodes.isJsonArray() || nodes.getAsJsonArray().isEmpty()) {
            throw new TinodeConfig.ConfigException("cluster_config.nodes: a list of {name, addr} is needed");
        }
        String listen = null;
        List<String> addresses = new ArrayList<>();
        for (JsonElement e : nodes.getAsJsonArray()) {
            if (!e.isJsonObject() || !has(e.getAsJsonObject(), "name") || !has(e.getAsJsonObject(), "addr")) {
                throw new TinodeConfig.ConfigException("cluster_config.nodes: every entry needs a name and an addr");
            }
            String addr = e.getAsJsonObject().get("addr").getAsString();
            addresses.add(addr);
            if (e.getAsJsonObject().get("name").getAsString().equals(self)) {
                listen = addr;
            }
        }
        if (listen == null) {
            throw new TinodeConfig.ConfigException("cluster_config.self: '" + self + "' is not among cluster_config.nodes");
        }
        long failMs = cfg.number("cluster_config.failover.heartbeat", 100)
                * cfg.number("cluster_config.failover.node_fail_after", 16);
        try {
            HazelcastCluster.Builder cb = HazelcastCluster.builder().nodeName(self).listen(listen).members(addresses)
                    .failureSeconds((int) Math.max(1, Math.min(3600, cfg.number("cluster_config.failure_seconds",
                            Math.max(5, failMs / 1000)))));
            String name = cfg.string("cluster_config.cluster_name");
            if (name != null && !name.isBlank()) {
                cb.clusterName(name);
            }
            long min = cfg.number("cluster_config.min_members", 0);
            if (min > 0) {
                cb.minMembers((int) min);
            }
            long outbox = cfg.number("cluster_config.outbox_limit", 0);
            if (outbox > 0) {
                cb.outboxLimit((int) Math.min(Integer.MAX_VALUE, outbox));
            }
            long requests = cfg.number("cluster_config.remote_request_limit", 0);
            if (requests > 0) {
                cb.remoteRequestLimit((int) Math.min(Integer.MAX_VALUE, requests));
            }
            b.cluster(cb.build());
        } catch (IllegalArgumentException e) {
            throw new TinodeConfig.ConfigException("cluster_config: " + e.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "cluster: node ''{0}'' at {1} of {2}", self, listen, addresses);
    }

    private static boolean has(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() && !v.getAsString().isBlank();
    }
}

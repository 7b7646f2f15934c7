package io.github.tinodej.cluster.hazelcast;

import io.github.tinodej.cluster.Cluster;
import io.github.tinodej.cluster.ClusterListener;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cluster that can be made deaf: while {@link #deaf} is set, the messages other nodes send to
 * this one are dropped (as if it hung), while membership stays as it is (for requests in flight);
 * while {@link #stall} is set, what this one sends waits (a link that cannot keep up).
 */
final class GatedCluster implements Cluster {
    final AtomicBoolean deaf = new AtomicBoolean();
    /** While set, no key has an owner, as while a dead member's partitions are promoted. */
    final AtomicBoolean promoting = new AtomicBoolean();
    /** Client requests other nodes forwarded to this one so far. */
    final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    /** While set, sending waits until it is counted down (at most 30 s): the link is stuck. */
    final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> stall =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Link resets other nodes announced to this one so far. */
    final java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();
    /** Sends that have waited at {@link #stall} so far. */
    final java.util.concurrent.atomic.AtomicInteger stalled = new java.util.concurrent.atomic.AtomicInteger();
    private final Cluster inner;

    GatedCluster(Cluster inner) {
        this.inner = inner;
    }

    @Override
    public void start(ClusterListener listener) {
        inner.start(new ClusterListener() {
            @Override
            public void onMessage(String fromNode, String message) {
                if (message.contains("\"t\":\"reset\"")) {
                    resets.incrementAndGet();
                }
                for (int i = message.indexOf("\"t\":\"req\""); i >= 0; i = message.indexOf("\"t\":\"req\"", i + 1)) {
                    requests.incrementAndGet();
                }
                if (!deaf.get()) {
                    listener.onMessage(fromNode, message);
                }
            }

            @Override
            public void onTopologyChanged() {
                listener.onTopologyChanged();
            }
        });
    }

    @Override
    public void stop() {
        inner.stop();
    }

    @Override
    public String localNode() {
        return inner.localNode();
    }

    @Override
    public String ownerOf(String key) {
        return promoting.get() ? null : inner.ownerOf(key);
    }

    @Override
    public Set<String> nodes() {
        return inner.nodes();
    }

    @Override
    public boolean hasQuorum() {
        return inner.hasQuorum();
    }

    @Override
    public void send(String node, String message) {
        java.util.concurrent.CountDownLatch l = stall.get();
        if (l != null) {
            stalled.incrementAndGet();
            try {
                l.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        inner.send(node, message);
    }

    @Override
    public int outboxLimit() {
        return inner.outboxLimit();
    }

    @Override
    public int remoteRequestLimit() {
        return inner.remoteRequestLimit();
    }
}

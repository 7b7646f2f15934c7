package io.github.tinodej.cluster.hazelcast;

import io.github.tinodej.cluster.Cluster;
import io.github.tinodej.cluster.ClusterListener;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cluster that can be made deaf: while {@link #deaf} is set, the messages other nodes send to
 * this one are dropped (as if it hung), while membership stays as it is. For requests in flight.
 */
final class GatedCluster implements Cluster {
    final AtomicBoolean deaf = new AtomicBoolean();
    private final Cluster inner;

    GatedCluster(Cluster inner) {
        this.inner = inner;
    }

    @Override
    public void start(ClusterListener listener) {
        inner.start(new ClusterListener() {
            @Override
            public void onMessage(String fromNode, String message) {
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
        return inner.ownerOf(key);
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
        inner.send(node, message);
    }
}

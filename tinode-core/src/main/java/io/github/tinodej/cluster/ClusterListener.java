package io.github.tinodej.cluster;

/**
 * What a {@link Cluster} tells the server. Called on the cluster's own threads; the server never
 * blocks in these methods. Messages from one sender arrive in the order they were sent.
 */
public interface ClusterListener {

    /** A message another node (or this one) sent to this node. */
    void onMessage(String fromNode, String message);

    /**
     * Members joined or left, or key ownership moved: the server stops local masters it no longer
     * owns and tells clients of topics whose master was lost to subscribe again.
     */
    void onTopologyChanged();
}

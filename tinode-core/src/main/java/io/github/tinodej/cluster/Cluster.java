package io.github.tinodej.cluster;

import java.util.Set;

/**
 * Several servers sharing one database acting as one chat (Tinode's cluster mode, protocol.md
 * section 13): which node owns a topic, and a channel between nodes. The server hosts the master
 * of every topic whose routable name ({@code usr...} for a user's {@code me}, {@code p2p...},
 * {@code grp...}, {@code sys}) this node owns and forwards its clients' requests for the others to
 * their owners. Without one ({@code TinodeServer.Builder#cluster} not called) a server is a single
 * node and pays nothing for this.
 *
 * <p>The server calls {@link #start} once before its transports start and {@link #stop} once
 * when it stops; the implementation owns whatever it creates in between. Every other method may
 * be called from any thread, must not block for long and must be thread-safe. Messages from one
 * thread to one node arrive in the order they were sent; a message to a node that left is lost
 * (the server then stops the affected topics, and clients subscribe again).
 */
public interface Cluster {

    /** Joins the cluster; {@code listener} hears every message for this node and every change of ownership. */
    void start(ClusterListener listener);

    /** Leaves the cluster. */
    void stop();

    /** This node's id for this run (a restarted node may get a new one). */
    String localNode();

    /**
     * The id of the node owning {@code key} now, or null while its ownership is being moved from a
     * node that left to a live one (a moment during which the server keeps requests and events
     * for that key and tries again, rather than guess an owner and let two nodes write one
     * topic). Never blocks: it is called on the server's worker threads.
     */
    String ownerOf(String key);

    /** True if this node owns {@code key} (false while its ownership is being moved). */
    default boolean isLocal(String key) {
        return localNode().equals(ownerOf(key));
    }

    /** The ids of the nodes in the cluster now, this one included. */
    Set<String> nodes();

    /**
     * False while this node sees too few members to trust its view (it may be the minority side
     * of a split): the server then answers every request with {@code {ctrl 502 "cluster unreachable"}}.
     */
    boolean hasQuorum();

    /** Sends {@code message} to {@code node}; never blocks on the network. A message to itself is delivered too. */
    void send(String node, String message);

    /**
     * Most messages the server queues for one other node. Past it the link to that node is reset
     * as a slow client is disconnected: what was queued is dropped and both nodes act as if the
     * other had left and come back (their clients hear {@code {pres what:"term"}} and subscribe
     * again; requests in flight between them get 502). Default 65,536.
     */
    default int outboxLimit() {
        return 65_536;
    }

    /**
     * Most requests of one client session of another node waiting to be handled on this node (a
     * local session's inbox holds as many); past it a request is answered {@code {ctrl 503
     * "service unavailable"}} at once. Default 1,024.
     */
    default int remoteRequestLimit() {
        return 1024;
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.exec.SerialExecutor;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.SessionKind;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client session of another node, as the master topics of this node see it (Tinode's proxied
 * session in topic_proxy.go): what they write to it travels to the node the client is connected
 * to. One per (node, session, acting user), so a root session acting on behalf of several users
 * is several of these, as it is several {@link ClientSession}s on its own node. Its requests run
 * on its own serial executor, in the order the node sent them; at most
 * {@link io.github.tinodej.cluster.Cluster#remoteRequestLimit} wait (past it a request is answered
 * 503 at once, as a full topic mailbox answers).
 */
final class RemoteSession implements ClientSession {
    final String node;
    private final String sid;
    private final Uid uid;
    private final Uid user;
    private final SessionKind kind;
    private final ClusterRouter router;
    private final Services services;
    private final SerialExecutor exec;
    private final Set<String> attached = ConcurrentHashMap.newKeySet();
    private volatile AuthLevel authLevel;
    private volatile String ua = "";
    private volatile String lang = "";
    private volatile String device = "";
    private volatile String address = "";
    private volatile boolean closed;

    RemoteSession(ClusterRouter router, Services services, String node, String sid, Uid uid, Uid user, SessionKind kind,
            int limit) {
        this.router = router;
        this.services = services;
        this.node = node;
        this.sid = sid;
        this.uid = uid;
        this.user = user;
        this.kind = kind;
        this.exec = new SerialExecutor(services.pool(), limit, "remote " + node + "/" + sid);
    }

    /** What may change between two requests of the session. */
    void update(AuthLevel level, String ua, String lang, String device, String address) {
        this.authLevel = level;
        this.ua = ua;
        this.lang = lang;
        this.device = device;
        this.address = address;
    }

    /** The internal names of the topics here this session is attached to. */
    Set<String> attachedTopics() {
        return Set.copyOf(attached);
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String sid() {
        return sid;
    }

    @Override
    public SessionKind kind() {
        return kind;
    }

    @Override
    public Uid uid() {
        return uid;
    }

    @Override
    public Uid user() {
        return user;
    }

    @Override
    public AuthLevel authLevel() {
        return authLevel;
    }

    @Override
    public String userAgent() {
        return ua;
    }

    @Override
    public String lang() {
        return lang;
    }

    @Override
    public String deviceId() {
        return device;
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void send(String frame) {
        if (!closed) {
            router.toSession(node, sid, frame);
        }
    }

    @Override
    public void reply(String id, String topic, JsonObject params, Ctrl status, Instant ts) {
        send(services.frames().ctrl(id, topic, params, status, ts));
    }

    /** Queues a request of the session; false if too many wait already. */
    boolean offer(Runnable task) {
        return exec.offer(task);
    }

    /** Queues an internal event (detach, close), which is never refused. */
    @Override
    public void execute(Runnable task) {
        exec.execute(task);
    }

    @Override
    public void topicAttached(String name) {
        attached.add(name);
        router.attachment(this, name, true);
    }

    @Override
    public boolean isAttachedTo(String name) {
        return attached.contains(name);
    }

    @Override
    public void topicDetached(String name) {
        if (attached.remove(name)) {
            router.attachment(this, name, false);
        }
    }

    @Override
    public String toString() {
        return "remote session " + node + "/" + sid + " as " + uid.userId();
    }
}

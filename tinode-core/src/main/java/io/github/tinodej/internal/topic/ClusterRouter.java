package io.github.tinodej.internal.topic;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.cluster.Cluster;
import io.github.tinodej.cluster.ClusterListener;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Codec;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.SessionKind;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Both ends of the proxy path between nodes (Tinode's cluster.go and topic_proxy.go, on a
 * {@link Cluster} instead of net/rpc). On the client's node it forwards a session's requests for
 * topics another node owns, with who is asking, and hands the frames coming back to the session;
 * on the owner it plays the client as a {@link RemoteSession} towards the master topic, which
 * therefore runs unchanged. Messages are the wire JSON of the request or frame in a small JSON
 * envelope ({@code t} says which kind). Thread-safe; never blocks.
 */
public final class ClusterRouter implements ClusterListener {
    private static final System.Logger LOG = System.getLogger(ClusterRouter.class.getName());

    private final Cluster cluster;
    private final Services services;
    private final Hub hub;
    private final Function<String, ClientSession> localSessions;
    private final java.util.function.Consumer<Uid> evictLocal;
    private final Gson gson = new Gson();
    private final ClusterEvents events;
    private final OwnerWait waits;
    /** Owner side: the remote sessions, by node and session id, then by acting user. */
    private final Map<String, Map<Uid, RemoteSession>> remotes = new ConcurrentHashMap<>();
    /** Client side: per local session, the nodes its requests went to (told when it closes). */
    private final Map<String, Set<String>> talkedTo = new ConcurrentHashMap<>();
    /** What goes to each other node, in order. */
    private final Map<String, NodeOutbox> outboxes = new ConcurrentHashMap<>();
    /** The nodes seen at the last topology change (a new one is sent what is online here). */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** Client side: requests forwarded and not answered yet (answered 502 if their node leaves). */
    private final InFlight inFlight = new InFlight();
    /** Nodes that left (ids are per run, so a node that left never comes back under its id). */
    private final Set<String> departed = ConcurrentHashMap.newKeySet();
    /** Client side: per local session, the topics it is attached to on other nodes, and where. */
    private final Map<String, Map<String, String>> proxied = new ConcurrentHashMap<>();

    /**
     * @param localSessions this node's live sessions by id (null when gone)
     * @param evictLocal ends a user's sessions on this node
     */
    public ClusterRouter(Cluster cluster, Services services, Hub hub, Function<String, ClientSession> localSessions,
            java.util.function.Consumer<Uid> evictLocal) {
        this.cluster = cluster;
        this.services = services;
        this.hub = hub;
        this.localSessions = localSessions;
        this.evictLocal = evictLocal;
        this.events = new ClusterEvents(this, hub);
        this.waits = new OwnerWait(this, services);
        hub.cluster(this);
        services.push().route(new PushRoute(this));
    }

    /** False while this node is in a minority: requests get 502. */
    public boolean hasQuorum() {
        return cluster.hasQuorum();
    }

    /** Number of nodes this node sees ({@code {hi}}'s cluster size). */
    public int size() {
        return cluster.nodes().size();
    }

    /** True if this node owns {@code name} now (false while its ownership is being promoted). */
    boolean isLocal(String name) {
        return cluster.isLocal(name);
    }

    /** The node owning {@code key} now, or null while its ownership is being promoted; never waits. */
    String ownerNow(String key) {
        return cluster.ownerOf(key);
    }

    /** True if another node is known to own {@code name} now. */
    boolean ownedElsewhere(String name) {
        String owner = cluster.ownerOf(name);
        return owner != null && !owner.equals(self());
    }

    String self() {
        return cluster.localNode();
    }

    void evictLocal(Uid uid) {
        evictLocal.accept(uid);
    }

    ClusterEvents events() {
        return events;
    }

    /**
     * Queues a message for a node; everything to one node goes in order, batched. False if it was
     * dropped because the link to that node is being reset.
     */
    boolean send(String node, JsonObject o) {
        return outbox(node).add(o);
    }

    private NodeOutbox outbox(String node) {
        return outboxes.computeIfAbsent(node, n -> new NodeOutbox(cluster, n, services.pool(), cluster.outboxLimit(),
                () -> linkReset(n)));
    }

    void sendToOwner(String key, JsonObject o) {
        String owner = waits.holding() ? null : cluster.ownerOf(key);
        if (owner == null) {
            waits.event(key, o);
        } else {
            send(owner, o);
        }
    }

    void sendToAll(JsonObject o) {
        for (String n : cluster.nodes()) {
            if (!n.equals(self())) {
                send(n, o);
            }
        }
    }

    // ---- the client's node ----

    /**
     * Forwards request {@code op} of a local session to the node owning {@code name}; while that
     * owner is being promoted, {@code retry} (the request's routing) runs again shortly.
     */
    void forward(ClientSession s, String op, ClientMessage m, String name, Instant received, Runnable retry) {
        String owner = cluster.ownerOf(name);
        if (owner == null) {
            String[] it = InFlight.idAndTopic(op, m);
            waits.request(s, it == null ? null : it[0], it == null ? null : it[1], received, retry);
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("t", "req");
        o.addProperty("op", op);
        o.addProperty("sid", s.sid());
        o.addProperty("u", s.uid().isValid() ? s.uid().userId() : "");
        o.addProperty("us", s.user().isValid() ? s.user().userId() : "");
        o.addProperty("al", s.authLevel() == null ? "" : s.authLevel().name());
        o.addProperty("ua", s.userAgent());
        o.addProperty("lang", s.lang());
        o.addProperty("dev", s.deviceId());
        o.addProperty("ra", s.remoteAddress());
        o.addProperty("k", s.kind().name());
        o.add("m", gson.toJsonTree(m));
        talkedTo.computeIfAbsent(s.sid(), k -> ConcurrentHashMap.newKeySet()).add(owner);
        // Kept before it goes, so that the reply cannot come first; if the node left meanwhile
        // (after the topology change answered the session's other requests), answered here.
        inFlight.sent(s.sid(), owner, op, m);
        if (!send(owner, o)) {
            // Dropped with the link being reset (which answers what went before): answered here.
            inFlight.answerLost(s.sid(), owner::equals, localSessions, services.now());
        } else if (departed.contains(owner)) {
            inFlight.answerLost(s.sid(), departed::contains, localSessions, services.now());
        }
    }

    /** A local session attached to {@code name} disconnected; returns true if another node hosts the topic and was told. */
    boolean sessionGone(ClientSession s, String name) {
        JsonObject o = new JsonObject();
        o.addProperty("t", "gone");
        o.addProperty("sid", s.sid());
        o.addProperty("n", name);
        Map<String, String> at = proxied.get(s.sid());
        String node = at == null ? null : at.remove(name);
        if (node == null) {
            return false;
        }
        send(node, o);
        return true;
    }

    /** A local session ended: every node it talked to forgets it. */
    public void sessionClosed(String sid) {
        proxied.remove(sid);
        inFlight.forget(sid);
        Set<String> nodes = talkedTo.remove(sid);
        if (nodes == null) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("t", "close");
        o.addProperty("sid", sid);
        for (String n : nodes) {
            send(n, o);
        }
    }

    /** The id a session has in the whole cluster (its node and its id there). */
    String globalId(ClientSession s) {
        return s instanceof RemoteSession r ? r.node + "/" + r.sid() : self() + "/" + s.sid();
    }

    // ---- the owner's node ----

    void toSession(String node, String sid, String frame) {
        JsonObject o = new JsonObject();
        o.addProperty("t", "out");
        o.addProperty("sid", sid);
        outbox(node).add(o, frame);
    }

    void attachment(RemoteSession rs, String name, boolean attached) {
        if (rs.isClosed()) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("t", attached ? "att" : "det");
        o.addProperty("sid", rs.sid());
        o.addProperty("n", name);
        send(rs.node, o);
    }

    @Override
    public void onMessage(String from, String message) {
        try {
            JsonObject o = JsonParser.parseString(message).getAsJsonObject();
            if (!"batch".equals(str(o, "t"))) {
                receive(from, o);
                return;
            }
            JsonArray batch = o.getAsJsonArray("m");
            for (int i = 0; i < batch.size(); i++) {
                JsonObject m = batch.get(i).getAsJsonObject();
                if (m.has("fr")) {
                    // The frame went once with an earlier message of this batch.
                    m.add("f", batch.get(m.get("fr").getAsInt()).getAsJsonObject().get("f"));
                }
                receive(from, m);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: bad message from " + from, e);
        }
    }

    private void receive(String from, JsonObject o) {
        try {
            String t = o.get("t").getAsString();
            switch (t) {
                case "req" -> {
                    // Sent before that node heard of this one's reset: it answers them 502 itself.
                    if (!outbox(from).resetting()) {
                        request(from, o);
                    }
                }
                case "out" -> {
                    String sid = str(o, "sid");
                    String f = str(o, "f");
                    inFlight.frame(sid, from, f);
                    ClientSession s = localSessions.apply(sid);
                    if (s != null) {
                        s.send(f);
                    }
                }
                case "att", "det" -> attachedRemotely(from, o, "att".equals(t));
                case "gone" -> {
                    Map<Uid, RemoteSession> of = remotes.get(from + "/" + str(o, "sid"));
                    String name = str(o, "n");
                    if (of != null) {
                        for (RemoteSession rs : of.values()) {
                            rs.execute(() -> hub.sessionGone(rs, name));
                        }
                    }
                }
                case "close" -> closeRemote(from + "/" + str(o, "sid"));
                case "push" -> services.push().received(o);
                case "reset" -> {
                    outbox(from).resetHeard();
                    linkReset(from);
                }
                case "rseen" -> {
                    outbox(from).resetSeen();
                    // That node forgot who is online here; the snapshot at this end's reset was dropped.
                    events.onlineSnapshot(from);
                }
                default -> events.receive(from, t, o);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: bad message from " + from, e);
        }
    }

    private void request(String from, JsonObject o) {
        String sid = str(o, "sid");
        Uid uid = uid(str(o, "u"));
        Map<Uid, RemoteSession> of = remotes.computeIfAbsent(from + "/" + sid, k -> new ConcurrentHashMap<>());
        RemoteSession rs = of.computeIfAbsent(uid, u -> new RemoteSession(this, services, from, sid, u,
                uid(str(o, "us")), SessionKind.valueOf(str(o, "k")), cluster.remoteRequestLimit()));
        String al = str(o, "al");
        rs.update(al.isEmpty() ? AuthLevel.NONE : AuthLevel.valueOf(al), str(o, "ua"), str(o, "lang"), str(o, "dev"),
                str(o, "ra"));
        ClientMessage m;
        try {
            m = services.codec().parse(o.get("m").toString());
        } catch (Codec.MalformedException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: unreadable request from " + from);
            return;
        }
        if (m.extra != null && m.extra.attachments != null) {
            // As the dispatcher does on the client's node: the list travels with the request.
            if (m.set != null) {
                m.set.attachments = m.extra.attachments;
            }
            if (m.sub != null) {
                m.sub.attachments = m.extra.attachments;
            }
        }
        Instant now = services.now();
        SessionRequests r = hub.requests();
        String op = str(o, "op");
        boolean queued = rs.offer(() -> {
            switch (op) {
                case "sub" -> r.subscribe(rs, m, now);
                case "leave" -> r.leave(rs, m, now);
                case "pub" -> r.publish(rs, m, now);
                case "get" -> r.get(rs, m, now);
                case "set" -> r.set(rs, m, now);
                case "del" -> r.del(rs, m, now);
                case "note" -> r.note(rs, m, now);
                default -> LOG.log(System.Logger.Level.WARNING, "cluster: unknown request " + op);
            }
        });
        String[] it = queued ? null : InFlight.idAndTopic(op, m);
        if (it != null) {
            // The session's node sends faster than this one handles: as a full topic mailbox does.
            rs.reply(it[0], it[1], null, Ctrl.SERVICE_UNAVAILABLE, now);
        }
    }

    private void attachedRemotely(String from, JsonObject o, boolean attached) {
        String sid = str(o, "sid");
        String name = str(o, "n");
        ClientSession s = localSessions.apply(sid);
        if (s == null) {
            return;
        }
        if (attached) {
            proxied.computeIfAbsent(sid, k -> new ConcurrentHashMap<>()).put(name, from);
            s.topicAttached(name);
        } else {
            Map<String, String> at = proxied.get(sid);
            if (at != null) {
                at.remove(name);
            }
            s.topicDetached(name);
        }
    }

    /** The remote session of {@code node}'s session {@code sid} acting as {@code uid}, or null. */
    RemoteSession remoteSession(String node, String sid, Uid uid) {
        Map<Uid, RemoteSession> of = remotes.get(node + "/" + sid);
        return of == null ? null : of.get(uid);
    }

    /** A remote session ended: it leaves every topic here. */
    private void closeRemote(String key) {
        Map<Uid, RemoteSession> of = remotes.remove(key);
        if (of == null) {
            return;
        }
        for (RemoteSession rs : of.values()) {
            rs.markClosed();
            rs.execute(() -> {
                for (String name : rs.attachedTopics()) {
                    hub.sessionGone(rs, name);
                }
            });
        }
    }

    @Override
    public void onTopologyChanged() {
        Set<String> nodes = cluster.nodes();
        outboxes.keySet().retainAll(nodes);
        for (String n : nodes) {
            if (known.add(n) && !n.equals(self())) {
                events.onlineSnapshot(n);
            }
        }
        for (String n : known) {
            if (!nodes.contains(n)) {
                departed.add(n);
            }
        }
        known.retainAll(nodes);
        dropPeers(n -> !nodes.contains(n));
        // Masters this node no longer owns stop (and say "term" themselves).
        hub.rehome();
        services.push().ownershipChanged();
        for (Set<String> to : talkedTo.values()) {
            to.retainAll(nodes);
        }
    }

    /**
     * Messages between this node and {@code node} were lost (this node's outbox to it overflowed,
     * or that node's to this one, which it then says first thing): both ends act as if the other
     * had left and come back, so every client affected hears "term" or 502 and recovers as after
     * a failover, rather than missing frames unknowingly (a slow local session is closed for the
     * same reason).
     */
    void linkReset(String node) {
        LOG.log(System.Logger.Level.WARNING, "cluster: link to " + node + " reset; its clients subscribe again");
        dropPeers(node::equals);
        events.onlineSnapshot(node);
    }

    /** Drops what this node holds for and from the nodes {@code gone} accepts, as if they had left. */
    private void dropPeers(java.util.function.Predicate<String> gone) {
        hub.online.dropNodes(gone);
        // Client side: requests that went there get 502 now, not a client timeout.
        inFlight.answerLost(null, gone, localSessions, services.now());
        // Owner side: those nodes' sessions leave the topics here.
        for (String key : Set.copyOf(remotes.keySet())) {
            if (gone.test(key.substring(0, key.lastIndexOf('/')))) {
                closeRemote(key);
            }
        }
        // Client side: a session attached to a master there hears "term" and may subscribe again
        // (a master that moved between live nodes says so itself).
        for (Map.Entry<String, Map<String, String>> e : proxied.entrySet()) {
            ClientSession s = localSessions.apply(e.getKey());
            for (Map.Entry<String, String> a : Set.copyOf(e.getValue().entrySet())) {
                if (!gone.test(a.getValue())) {
                    continue;
                }
                e.getValue().remove(a.getKey());
                if (s != null) {
                    s.send(services.frames().pres(term(Names.clientName(s.uid(), a.getKey()))));
                    s.topicDetached(a.getKey());
                }
            }
        }
    }

    /** {@code {pres topic what:"term"}}: the topic's master went away; subscribe again. */
    static JsonObject term(String topic) {
        JsonObject p = new JsonObject();
        p.addProperty("topic", topic);
        p.addProperty("what", "term");
        return p;
    }

    /** The ids of {@code sessions}, for a node that tells them apart by id only. */
    JsonArray globalIds(Collection<ClientSession> sessions) {
        JsonArray a = new JsonArray();
        for (ClientSession s : sessions) {
            a.add(globalId(s));
        }
        return a;
    }

    static Set<String> strings(JsonElement e) {
        Set<String> out = new HashSet<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) {
                out.add(x.getAsString());
            }
        }
        return out;
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    static Uid uid(String userId) {
        return userId.isEmpty() ? Uid.ZERO : Uid.parseUserId(userId);
    }

    /** 502 for a request forwarded here while this node does not own the topic (ownership is moving). */
    static void notOwner(ClientSession s, String id, String topic, Instant now) {
        s.reply(id, topic, null, Ctrl.CLUSTER_UNREACHABLE, now);
    }
}

package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Routes topic requests to topic actors, loading them on first use (Tinode's hub). Client topic
 * names are resolved per session ({@code me} is the session user's {@code usr...}).
 * Thread-safe; never blocks.
 */
public final class Hub {
    private final Services services;
    private final ConcurrentHashMap<String, TopicActor> topics = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder loaded = new java.util.concurrent.atomic.LongAdder();
    /** Who is online; read by every actor. */
    final OnlineState online = new OnlineState();
    private final SessionRequests requests = new SessionRequests(this);
    /** The other nodes, or null for a single node (the normal path then pays one null check). */
    private ClusterRouter cluster;

    public Hub(Services services) {
        this.services = services;
    }

    /** Joins a cluster; called once, before the server starts. */
    void cluster(ClusterRouter router) {
        this.cluster = router;
        online.publisher((key, on) -> router.events().online(key, on));
    }

    /** True while this node is in a cluster minority and must answer 502 "cluster unreachable". */
    public boolean clusterUnreachable() {
        return cluster != null && !cluster.hasQuorum();
    }

    /** Nodes in the cluster this node sees; 1 for a single node. */
    public int clusterSize() {
        return cluster == null ? 1 : cluster.size();
    }

    /** True if this node hosts the master of the internal topic {@code name} ({@code fnd} is always local). */
    boolean isLocal(String name) {
        return cluster == null || name.startsWith("fnd") || cluster.isLocal(name);
    }

    /** True if another node hosts the user's {@code me}; costs nothing on a single node. */
    private boolean remoteUser(Uid uid) {
        return cluster != null && !cluster.isLocal(uid.userId());
    }

    /**
     * Sends request {@code op} of a local session to the node owning topic {@code name}, if that
     * is another node; a request forwarded here for a topic this node does not own (ownership is
     * moving) gets 502. Returns true if the request was dealt with.
     */
    boolean forwarded(ClientSession s, String op, ClientMessage m, String id, String topic, String name, Instant now,
            Runnable retry) {
        if (isLocal(name)) {
            return false;
        }
        if (s instanceof RemoteSession) {
            if (!"note".equals(op)) {
                ClusterRouter.notOwner(s, id, topic, now);
            }
        } else {
            cluster.forward(s, op, m, name, now, retry);
        }
        return true;
    }

    /**
     * Sends a frame to {@code uid}'s sessions attached to {@code me}, wherever the user's node is,
     * except {@code skip} and the sessions in {@code except} (may be null).
     */
    void toMe(Uid uid, String frame, ClientSession skip, java.util.Collection<ClientSession> except) {
        toMe(uid, () -> frame, skip, except);
    }

    /** As above; the frame is encoded only if someone is to get it. */
    void toMe(Uid uid, java.util.function.Supplier<String> frame, ClientSession skip,
            java.util.Collection<ClientSession> except) {
        if (remoteUser(uid)) {
            cluster.events().toMe(uid, frame.get(), skip, except);
            return;
        }
        String f = null;
        for (ClientSession s : meSessions(uid)) {
            if (s != skip && (except == null || !except.contains(s))) {
                if (f == null) {
                    f = frame.get();
                }
                s.send(f);
            }
        }
    }

    /** False only if {@code uid} is surely offline (on another node, that is not known here). */
    boolean mayBeOnline(Uid uid) {
        return remoteUser(uid) || !meSessions(uid).isEmpty();
    }

    /** A member of group {@code name} changed their public or client; the group's node tells attached members. */
    void memberChanged(String name, Uid uid, String what, String ua) {
        if (!isLocal(name)) {
            cluster.events().memberChanged(name, uid, what, ua);
            return;
        }
        toLoadedTopic(name, t -> t.memberChanged(uid, what, ua));
    }

    /**
     * Ownership changed: every loaded master this node no longer owns tells its sessions
     * {@code {pres what:"term"}} and unloads; the next request loads it on its owner.
     */
    void rehome() {
        for (TopicActor t : topics.values()) {
            if (!t.name.startsWith("fnd") && cluster.ownedElsewhere(t.name)) {
                t.event(t::moved, () -> { });
            }
        }
    }

    /** In a cluster, the other nodes end the user's sessions they hold (suspension, deletion). */
    public void evictElsewhere(Uid uid) {
        if (cluster != null) {
            cluster.events().evict(uid);
        }
    }

    /** A session ended; nodes it made requests to forget it. */
    public void sessionClosed(ClientSession s) {
        if (cluster != null) {
            cluster.sessionClosed(s.sid());
        }
    }

    /** The checks a session makes before a request reaches a topic, and the routing after them. */
    public SessionRequests requests() {
        return requests;
    }

    /** Number of loaded topics (for tests and metrics). */
    public int loadedTopics() {
        return topics.size();
    }


    /**
     * A session made a request ({@code pub}, {@code sub}, {@code get}, {@code set}, {@code note}):
     * like Go's session, it tells the user's 'me' which client is in use, so that contacts hear a
     * change of device ("ua", debounced) when activity moves between the user's clients. Costs
     * nothing while the client stays the same.
     */
    public void sessionActive(ClientSession s) {
        Uid uid = s.uid();
        String ua = s.userAgent();
        if (!uid.isValid() || ua.isEmpty() || !s.isAttachedTo(uid.userId())) {
            return;
        }
        if (remoteUser(uid)) {
            // The user's 'me' is on another node, which told this one the client it takes as current.
            cluster.events().active(s, online.remoteUa(uid));
            return;
        }
        String latest = online.latestUa(uid);
        if (latest == null || latest.equals(ua)) {
            return;
        }
        TopicActor t = topics.get(uid.userId());
        if (t instanceof MeTopic me) {
            me.event(() -> me.active(s), () -> { });
        }
    }

    /**
     * The user's 'me' takes {@code ua} as the user's current client (null: unloaded); in a cluster
     * the other nodes hear of it, so that their sessions of the user know when to report activity.
     */
    void latestUa(Uid uid, String ua) {
        String was = online.latestUa(uid);
        online.latestUa(uid, ua);
        if (cluster != null && !java.util.Objects.equals(was, ua)) {
            cluster.events().latestUa(uid, ua);
        }
    }

    /** Sessions of {@code uid} attached to {@code me}; the user is online while this is not empty. */
    public java.util.Set<ClientSession> meSessions(Uid uid) {
        return online.meSessions(uid);
    }

    /** Runs an event on a loaded topic actor; nothing happens if the topic is not in memory. */
    void toLoadedTopic(String name, java.util.function.Consumer<Topic> action) {
        TopicActor t = topics.get(name);
        if (t instanceof Topic topic) {
            topic.event(() -> action.accept(topic), () -> { });
        }
    }

    /** A user gained a subscription (named as they see it); their loaded 'me' tracks it as a contact. */
    void contactAdded(Uid uid, String topic, boolean presence) {
        if (remoteUser(uid)) {
            cluster.events().contact(uid, topic, true, presence);
            return;
        }
        TopicActor t = topics.get(uid.userId());
        if (t instanceof MeTopic me) {
            me.event(() -> me.contactAdded(topic, presence), () -> { });
        }
    }

    /** A user lost a subscription. */
    void contactRemoved(Uid uid, String topic) {
        if (remoteUser(uid)) {
            cluster.events().contact(uid, topic, false, false);
            return;
        }
        TopicActor t = topics.get(uid.userId());
        if (t instanceof MeTopic me) {
            me.event(() -> me.contactRemoved(topic), () -> { });
        }
    }

    /** A session disconnected while attached to the internal topic {@code name}. */
    public void sessionGone(ClientSession s, String name) {
        if (cluster != null && !(s instanceof RemoteSession) && cluster.sessionGone(s, name)) {
            return;
        }
        TopicActor t = topics.get(name);
        if (t != null) {
            t.event(() -> ((Handlers) t).detach(s), () -> { });
        }
    }

    /** Replaces the user's tag in a scheme's namespace after a credential change (e.g. new login). */
    public void replaceUserTag(Uid uid, String namespace, String tag) {
        if (remoteUser(uid)) {
            cluster.events().replaceTag(uid, namespace, tag);
            return;
        }
        MeTopic me = me(uid);
        Runnable action = () -> me.replaceTag(namespace, tag);
        me.event(action, () -> replaceUserTag(uid, namespace, tag));
    }

    /** Adds and removes tags of a user where the user record lives (credentials validated or deleted). */
    public void changeUserTags(Uid uid, java.util.List<String> add, java.util.List<String> remove) {
        if (remoteUser(uid)) {
            cluster.events().changeTags(uid, add, remove);
            return;
        }
        MeTopic me = me(uid);
        me.event(() -> me.changeTags(add, remove), () -> changeUserTags(uid, add, remove));
    }

    /**
     * An account was suspended or restored (Tinode's {@code topicsStateForUser}): the loaded p2p
     * topics the user is in and the groups the user owns turn read-only or writable again. Topics
     * loaded later judge for themselves ({@link Topic#load}).
     */
    public void userSuspended(Uid uid, boolean suspended) {
        if (cluster != null) {
            cluster.events().suspended(uid, suspended);
        }
        userSuspendedHere(uid, suspended);
    }

    void userSuspendedHere(Uid uid, boolean suspended) {
        for (TopicActor t : topics.values()) {
            if (t instanceof Topic topic) {
                topic.event(() -> topic.ownerSuspended(uid, suspended), () -> { });
            }
        }
    }

    /**
     * A user account is gone: every loaded topic forgets the user; their own topics and their p2p
     * topics unload; {@code notices} go out as "gone" on the contacts' 'me'.
     */
    public void userDeleted(Uid uid, java.util.List<AccountGone.Notice> notices) {
        if (cluster != null) {
            cluster.events().deleted(uid);
        }
        userDeletedHere(uid);
        for (AccountGone.Notice n : notices) {
            com.google.gson.JsonObject p = new com.google.gson.JsonObject();
            p.addProperty("topic", "me");
            p.addProperty("src", n.src());
            p.addProperty("what", "gone");
            toMe(n.to(), services.frames().pres(p), null, null);
            contactRemoved(n.to(), n.src());
        }
    }

    void userDeletedHere(Uid uid) {
        for (TopicActor t : topics.values()) {
            if (t instanceof Topic topic) {
                topic.event(() -> topic.userGone(uid), () -> { });
            } else if (t.name.equals(uid.userId()) || t.name.equals("fnd" + uid.encoded())) {
                t.event(t::kill, () -> { });
            }
        }
        online.forget(uid);
    }

    /**
     * One future per loaded topic, completing once the topic ran everything queued before it (the
     * requests sessions handed it): a barrier for server stop.
     */
    public java.util.List<java.util.concurrent.CompletableFuture<Void>> quiesce() {
        java.util.List<java.util.concurrent.CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (TopicActor t : topics.values()) {
            java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
            t.event(() -> f.complete(null), () -> f.complete(null));
            all.add(f);
        }
        return all;
    }

    /** Topics in memory now. */
    public long liveTopics() {
        return topics.size();
    }

    /** Topic actors created since start. */
    public long totalTopics() {
        return loaded.sum();
    }

    /** Every actor calls this once when it is created. */
    void created() {
        loaded.increment();
    }

    void remove(String name, TopicActor t) {
        topics.remove(name, t);
    }

    private MeTopic me(Uid uid) {
        return (MeTopic) topics.computeIfAbsent(uid.userId(), k -> new MeTopic(services, this, uid));
    }

    void route(ClientSession s, String op, ClientMessage m, String id, String topic, Instant now,
            Consumer<Handlers> action, boolean mayCreate) {
        if (topic == null || topic.isEmpty()) {
            s.reply(id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        if (topic.startsWith("usr") && !"usr".equals(topic)) {
            Uid peer = Uid.parseUserId(topic);
            if (!peer.isValid()) {
                s.reply(id, topic, null, Ctrl.MALFORMED, now);
                return;
            }
            if (peer.equals(s.uid())) {
                s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
        }
        if (cluster != null) {
            String name = internalName(s.uid(), topic);
            if (name != null && forwarded(s, op, m, id, topic, name, now,
                    () -> route(s, op, m, id, topic, now, action, mayCreate))) {
                return;
            }
        }
        Function<ClientSession, TopicActor> resolve = resolver(s, topic, mayCreate);
        if (resolve == null) {
            s.reply(id, topic, null, Ctrl.TOPIC_NOT_FOUND, now);
            return;
        }
        dispatch(s, id, topic, now, resolve, action);
    }

    /** How a client name maps to an actor for this session's user; null if the name is unknown. */
    Function<ClientSession, TopicActor> resolver(ClientSession s, String topic, boolean mayCreate) {
        if ("me".equals(topic)) {
            return sess -> me(sess.uid());
        }
        if ("fnd".equals(topic)) {
            return sess -> topics.computeIfAbsent("fnd" + sess.uid().encoded(),
                    k -> new FndTopic(services, this, sess.uid()));
        }
        if ("slf".equals(topic)) {
            return sess -> topic("slf" + sess.uid().encoded(), Topic.Cat.SLF);
        }
        if ("sys".equals(topic)) {
            return sess -> topic("sys", Topic.Cat.SYS);
        }
        if (topic.startsWith("usr")) {
            Uid peer = Uid.parseUserId(topic);
            return sess -> topic(Names.p2p(sess.uid(), peer), Topic.Cat.P2P);
        }
        if ((topic.startsWith("grp") || topic.startsWith("chn")) && Names.wellFormed(topic)) {
            String name = "grp" + topic.substring(3);
            return sess -> topic(name, Topic.Cat.GRP);
        }
        if (mayCreate && (topic.startsWith("new") || topic.startsWith("nch"))) {
            boolean channel = topic.startsWith("nch");
            // As Tinode does, a new group gets a name this node owns, so it is created here.
            String name = "grp" + services.randomName();
            for (int i = 0; i < 1000 && !isLocal(name); i++) {
                name = "grp" + services.randomName();
            }
            Topic fresh = new Topic(services, this, name, Topic.Cat.GRP, true, channel);
            topics.put(name, fresh);
            return sess -> fresh;
        }
        return null;
    }

    /** The internal name of a client topic name for {@code uid} (null for new groups and unknown names). */
    static String internalName(Uid uid, String topic) {
        switch (topic) {
            case "me":
                return uid.userId();
            case "fnd":
                return "fnd" + uid.encoded();
            case "slf":
                return "slf" + uid.encoded();
            case "sys":
                return "sys";
            default:
                break;
        }
        if (topic.startsWith("usr")) {
            return Names.p2p(uid, Uid.parseUserId(topic));
        }
        if ((topic.startsWith("grp") || topic.startsWith("chn")) && Names.wellFormed(topic)) {
            return "grp" + topic.substring(3);
        }
        return null;
    }

    private TopicActor topic(String name, Topic.Cat cat) {
        return topics.computeIfAbsent(name, k -> new Topic(services, this, k, cat, false, false));
    }

    private void dispatch(ClientSession s, String id, String topic, Instant now, Function<ClientSession, TopicActor> resolve,
            Consumer<Handlers> action) {
        TopicActor t = resolve.apply(s);
        boolean queued = t.submit(s, id, topic, now, a -> action.accept((Handlers) a),
                () -> dispatch(s, id, topic, now, resolve, action));
        if (!queued) {
            s.reply(id, topic, null, Ctrl.SERVICE_UNAVAILABLE, now);
        }
    }
}

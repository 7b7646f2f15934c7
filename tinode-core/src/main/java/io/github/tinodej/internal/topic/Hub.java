package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.Engine;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.session.Session;
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
    private final Engine engine;
    private final ConcurrentHashMap<String, TopicActor> topics = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder loaded = new java.util.concurrent.atomic.LongAdder();
    private final ConcurrentHashMap<Uid, java.util.Set<Session>> meSessions = new ConcurrentHashMap<>();

    public Hub(Engine engine) {
        this.engine = engine;
    }

    /** Number of loaded topics (for tests and metrics). */
    public int loadedTopics() {
        return topics.size();
    }

    public void subscribe(Session s, ClientMessage m, Instant now) {
        route(s, m.sub.id, m.sub.topic, now, t -> t.handleSub(s, m.sub, now), true);
    }

    public void leave(Session s, ClientMessage m, Instant now) {
        route(s, m.leave.id, m.leave.topic, now, t -> t.handleLeave(s, m.leave, now), false);
    }

    public void publish(Session s, ClientMessage m, Instant now) {
        route(s, m.pub.id, m.pub.topic, now, t -> t.handlePub(s, m, now), false);
    }

    public void get(Session s, ClientMessage m, Instant now) {
        route(s, m.get.id, m.get.topic, now, t -> t.handleGet(s, m.get, now), false);
    }

    public void set(Session s, ClientMessage m, Instant now) {
        route(s, m.set.id, m.set.topic, now, t -> t.handleSet(s, m.set, now), false);
    }

    public void del(Session s, ClientMessage m, Instant now) {
        route(s, m.del.id, m.del.topic, now, t -> t.handleDel(s, m.del, now), false);
    }

    /** Notes are fire-and-forget: an unknown or unroutable topic drops them. */
    public void note(Session s, ClientMessage m, Instant now) {
        String topic = m.note.topic;
        if (topic == null || topic.isEmpty() || "me".equals(topic) || "fnd".equals(topic)) {
            return;
        }
        Function<Session, TopicActor> resolve = resolver(s, topic, false);
        if (resolve == null) {
            return;
        }
        noteTo(s, m, now, resolve);
    }

    private void noteTo(Session s, ClientMessage m, Instant now, Function<Session, TopicActor> resolve) {
        TopicActor t = resolve.apply(s);
        t.submit(null, null, null, now, a -> {
            if (a instanceof Topic topic) {
                topic.handleNote(s, m.note, now);
            }
        }, () -> noteTo(s, m, now, resolve));
    }

    /** Group topics loaded with at least one member attached, as Tinode reports them "online". */
    private final java.util.Set<String> onlineTopics = ConcurrentHashMap.newKeySet();

    void topicOnline(String name, boolean online) {
        if (online) {
            onlineTopics.add(name);
        } else {
            onlineTopics.remove(name);
        }
    }

    boolean isTopicOnline(String name) {
        return onlineTopics.contains(name);
    }

    /** Sessions of {@code uid} attached to {@code me}; the user is online while this is not empty. */
    public java.util.Set<Session> meSessions(Uid uid) {
        java.util.Set<Session> set = meSessions.get(uid);
        return set == null ? java.util.Set.of() : set;
    }

    void meAttached(Uid uid, Session s) {
        meSessions.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet()).add(s);
    }

    void meDetached(Uid uid, Session s) {
        meSessions.computeIfPresent(uid, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
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
        TopicActor t = topics.get(uid.userId());
        if (t instanceof MeTopic me) {
            me.event(() -> me.contactAdded(topic, presence), () -> { });
        }
    }

    /** A user lost a subscription. */
    void contactRemoved(Uid uid, String topic) {
        TopicActor t = topics.get(uid.userId());
        if (t instanceof MeTopic me) {
            me.event(() -> me.contactRemoved(topic), () -> { });
        }
    }

    /** A session disconnected while attached to the internal topic {@code name}. */
    public void sessionGone(Session s, String name) {
        TopicActor t = topics.get(name);
        if (t != null) {
            t.event(() -> ((Handlers) t).detach(s), () -> { });
        }
    }

    /** Replaces the user's tag in a scheme's namespace after a credential change (e.g. new login). */
    public void replaceUserTag(Uid uid, String namespace, String tag) {
        MeTopic me = me(uid);
        Runnable action = () -> me.replaceTag(namespace, tag);
        me.event(action, () -> replaceUserTag(uid, namespace, tag));
    }

    /** A user account is gone: every loaded topic forgets the user; their own topics unload. */
    public void userDeleted(Uid uid) {
        for (TopicActor t : topics.values()) {
            if (t instanceof Topic topic) {
                topic.event(() -> topic.userGone(uid), () -> { });
            } else if (t.name.equals(uid.userId()) || t.name.equals("fnd" + uid.encoded())) {
                t.event(t::kill, () -> { });
            }
        }
        meSessions.remove(uid);
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
        return (MeTopic) topics.computeIfAbsent(uid.userId(), k -> new MeTopic(engine, this, uid));
    }

    private void route(Session s, String id, String topic, Instant now, Consumer<Handlers> action,
            boolean mayCreate) {
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
        Function<Session, TopicActor> resolve = resolver(s, topic, mayCreate);
        if (resolve == null) {
            s.reply(id, topic, null, Ctrl.TOPIC_NOT_FOUND, now);
            return;
        }
        dispatch(s, id, topic, now, resolve, action);
    }

    /** How a client name maps to an actor for this session's user; null if the name is unknown. */
    private Function<Session, TopicActor> resolver(Session s, String topic, boolean mayCreate) {
        if ("me".equals(topic)) {
            return sess -> me(sess.uid());
        }
        if ("fnd".equals(topic)) {
            return sess -> topics.computeIfAbsent("fnd" + sess.uid().encoded(),
                    k -> new FndTopic(engine, this, sess.uid()));
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
            String name = "grp" + engine.randomName();
            Topic fresh = new Topic(engine, this, name, Topic.Cat.GRP, true, channel);
            topics.put(name, fresh);
            return sess -> fresh;
        }
        return null;
    }

    private TopicActor topic(String name, Topic.Cat cat) {
        return topics.computeIfAbsent(name, k -> new Topic(engine, this, k, cat, false, false));
    }

    private void dispatch(Session s, String id, String topic, Instant now, Function<Session, TopicActor> resolve,
            Consumer<Handlers> action) {
        TopicActor t = resolve.apply(s);
        boolean queued = t.submit(s, id, topic, now, a -> action.accept((Handlers) a),
                () -> dispatch(s, id, topic, now, resolve, action));
        if (!queued) {
            s.reply(id, topic, null, Ctrl.SERVICE_UNAVAILABLE, now);
        }
    }
}

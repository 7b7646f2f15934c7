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

    // The checks below mirror Tinode's session.go: whether the session is attached decides, before
    // any topic is looked up, what a request may do. Each runs on the session's actor, which also
    // owns the set of attached topics, so the answer is never stale for this session's own requests.

    /** {@code {leave}}: an attached session goes to the topic; otherwise 304 or, to unsubscribe, 409. */
    public void leave(Session s, ClientMessage m, Instant now) {
        ClientMessage.Leave leave = m.leave;
        String name = expand(s, leave.id, leave.topic, now, false);
        if (name == null) {
            return;
        }
        if (!s.isAttachedTo(name)) {
            s.reply(leave.id, leave.topic, null,
                    Boolean.TRUE.equals(leave.unsub) ? Ctrl.ATTACH_FIRST : Ctrl.NOT_JOINED, now);
            return;
        }
        route(s, leave.id, leave.topic, now, t -> t.handleLeave(s, leave, now), false);
    }

    /** {@code {pub}}: only to attached topics, and to {@code sys} which anyone may write to. */
    public void publish(Session s, ClientMessage m, Instant now) {
        String name = expand(s, m.pub.id, m.pub.topic, now, false);
        if (name == null) {
            return;
        }
        if (!s.isAttachedTo(name) && !"sys".equals(name)) {
            s.reply(m.pub.id, m.pub.topic, null, Ctrl.ATTACH_FIRST, now);
            return;
        }
        route(s, m.pub.id, m.pub.topic, now, t -> t.handlePub(s, m, now), false);
    }

    /**
     * {@code {get}}: an attached session asks the topic for anything; a session that is not attached
     * gets only the description preview or its own subscription (Tinode's hub.meta path), else 403.
     */
    public void get(Session s, ClientMessage m, Instant now) {
        ClientMessage.Get get = m.get;
        String name = expand(s, get.id, get.topic, now, false);
        if (name == null) {
            return;
        }
        int what = What.parse(get.what);
        if (what == 0) {
            s.reply(get.id, get.topic, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!s.isAttachedTo(name) && (what & (What.DESC | What.SUB)) == 0) {
            s.reply(get.id, get.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        route(s, get.id, get.topic, now, t -> t.handleGet(s, get, now), false);
    }

    /**
     * {@code {set}}: an attached session may set anything the topic allows; a session that is not
     * attached may change only its own subscription (private, mode), never tags, credentials or aux.
     */
    public void set(Session s, ClientMessage m, Instant now) {
        ClientMessage.Set set = m.set;
        String name = expand(s, set.id, set.topic, now, false);
        if (name == null) {
            return;
        }
        if (set.desc == null && set.sub == null && set.tags == null && set.cred == null && set.aux == null) {
            s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!s.isAttachedTo(name) && (set.tags != null || set.cred != null || set.aux != null)) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        route(s, set.id, set.topic, now, t -> t.handleSet(s, set, now), false);
    }

    /** {@code {del}}: a topic may be deleted attached or not; messages and members only when attached. */
    public void del(Session s, ClientMessage m, Instant now) {
        ClientMessage.Del del = m.del;
        String name = expand(s, del.id, del.topic, now, false);
        if (name == null) {
            return;
        }
        String what = del.what == null || del.what.isEmpty() ? "msg" : del.what;
        switch (what) {
            case "topic" -> {
                route(s, del.id, del.topic, now, t -> t.handleDel(s, del, now), false);
                return;
            }
            case "msg", "sub", "cred" -> {
                // Below.
            }
            default -> {
                s.reply(del.id, del.topic, null, Ctrl.MALFORMED, now);
                return;
            }
        }
        if (!s.isAttachedTo(name)) {
            s.reply(del.id, del.topic, null, Ctrl.ATTACH_FIRST, now);
            return;
        }
        route(s, del.id, del.topic, now, t -> t.handleDel(s, del, now), false);
    }

    /**
     * {@code {note}}: fire-and-forget, so malformed notes vanish. Attached sessions reach the topic.
     * A session that is not attached may still confirm receipt and answer a call (Tinode lets
     * {@code recv} and the call events ringing, accept and hang-up through to a topic in memory);
     * any other note gets 409 with no id.
     */
    public void note(Session s, ClientMessage m, Instant now) {
        ClientMessage.Note note = m.note;
        String topic = note.topic;
        String name = expand(s, null, topic, now, true);
        if (name == null) {
            return;
        }
        String what = note.what == null ? "" : note.what;
        int seq = note.seq == null ? 0 : note.seq;
        boolean valid = switch (what) {
            case "data" -> note.payload != null && !note.payload.isJsonNull();
            case "kp", "kpa", "kpv" -> seq == 0;
            case "call" -> name.startsWith("p2p") && seq > 0;
            case "read", "recv" -> seq > 0;
            default -> false;
        };
        if (!valid) {
            return;
        }
        if (s.isAttachedTo(name)) {
            if (!"me".equals(topic) && !"fnd".equals(topic)) {
                noteTo(s, m, now, resolver(s, topic, false));
            }
            return;
        }
        String event = note.event == null ? "" : note.event;
        if ("recv".equals(what) || "call".equals(what)
                && ("ringing".equals(event) || "accept".equals(event) || "hang-up".equals(event))) {
            toLoadedTopic(name, t -> t.handleNote(s, note, now));
            return;
        }
        s.reply(null, topic, null, Ctrl.ATTACH_FIRST, now);
    }

    private void noteTo(Session s, ClientMessage m, Instant now, Function<Session, TopicActor> resolve) {
        TopicActor t = resolve.apply(s);
        t.submit(null, null, null, now, a -> {
            if (a instanceof Topic topic) {
                topic.handleNote(s, m.note, now);
            }
        }, () -> noteTo(s, m, now, resolve));
    }

    /**
     * The internal name a client's topic name routes to for this session's user (Tinode's
     * {@code expandTopicName}), or null after answering: an empty name is malformed, so is a
     * {@code usr} name that is not a user id, and one's own id is not a p2p topic. {@code quiet}
     * drops the answer (notes get none).
     */
    private String expand(Session s, String id, String topic, Instant now, boolean quiet) {
        if (topic == null || topic.isEmpty()) {
            if (!quiet) {
                s.reply(id, null, null, Ctrl.MALFORMED, now);
            }
            return null;
        }
        Uid uid = s.uid();
        switch (topic) {
            case "me" -> {
                return uid.userId();
            }
            case "fnd" -> {
                return "fnd" + uid.encoded();
            }
            case "slf" -> {
                return "slf" + uid.encoded();
            }
            default -> {
                // Below.
            }
        }
        if (topic.startsWith("usr")) {
            Uid peer = Uid.parseUserId(topic);
            if (!peer.isValid() || peer.equals(uid)) {
                if (!quiet) {
                    s.reply(id, topic, null, peer.isValid() ? Ctrl.PERMISSION_DENIED : Ctrl.MALFORMED, now);
                }
                return null;
            }
            return Names.p2p(uid, peer);
        }
        if (topic.startsWith("chn") && Names.wellFormed(topic)) {
            return Names.grp(topic);
        }
        return topic;
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

    /** The client each online user last used (set by their 'me'): spares 'me' a task per request. */
    private final ConcurrentHashMap<Uid, String> latestUa = new ConcurrentHashMap<>();

    void latestUa(Uid uid, String ua) {
        if (ua == null) {
            latestUa.remove(uid);
        } else {
            latestUa.put(uid, ua);
        }
    }

    /**
     * A session made a request ({@code pub}, {@code sub}, {@code get}, {@code set}, {@code note}):
     * like Go's session, it tells the user's 'me' which client is in use, so that contacts hear a
     * change of device ("ua", debounced) when activity moves between the user's clients. Costs
     * nothing while the client stays the same.
     */
    public void sessionActive(Session s) {
        Uid uid = s.uid();
        String ua = s.userAgent();
        if (!uid.isValid() || ua.isEmpty() || !s.isAttachedTo(uid.userId())) {
            return;
        }
        String latest = latestUa.get(uid);
        if (latest == null || latest.equals(ua)) {
            return;
        }
        TopicActor t = topics.get(uid.userId());
        if (t instanceof MeTopic me) {
            me.event(() -> me.active(s), () -> { });
        }
    }

    /** Users online but hiding it (their 'me' mode lacks P: TinodeWeb's incognito setting). */
    private final java.util.Set<Uid> incognito = ConcurrentHashMap.newKeySet();

    /** The user's 'me' tells whether the user hides being online. */
    void setIncognito(Uid uid, boolean hidden) {
        if (hidden) {
            incognito.add(uid);
        } else {
            incognito.remove(uid);
        }
    }

    /** Online as others may see it: attached to 'me' and not incognito. */
    boolean isOnline(Uid uid) {
        return !meSessions(uid).isEmpty() && !incognito.contains(uid);
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

    /**
     * A user account is gone: every loaded topic forgets the user; their own topics and their p2p
     * topics unload; {@code notices} go out as "gone" on the contacts' 'me'.
     */
    public void userDeleted(Uid uid, java.util.List<AccountGone.Notice> notices) {
        for (TopicActor t : topics.values()) {
            if (t instanceof Topic topic) {
                topic.event(() -> topic.userGone(uid), () -> { });
            } else if (t.name.equals(uid.userId()) || t.name.equals("fnd" + uid.encoded())) {
                t.event(t::kill, () -> { });
            }
        }
        meSessions.remove(uid);
        for (AccountGone.Notice n : notices) {
            com.google.gson.JsonObject p = new com.google.gson.JsonObject();
            p.addProperty("topic", "me");
            p.addProperty("src", n.src());
            p.addProperty("what", "gone");
            String frame = engine.frames().pres(p);
            for (Session s : meSessions(n.to())) {
                s.send(frame);
            }
            contactRemoved(n.to(), n.src());
        }
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

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

    public Hub(Engine engine) {
        this.engine = engine;
    }

    /** Number of loaded topics (for tests and metrics). */
    public int loadedTopics() {
        return topics.size();
    }

    public void subscribe(Session s, ClientMessage m, Instant now) {
        route(s, m.sub.id, m.sub.topic, now, t -> t.handleSub(s, m.sub, now));
    }

    public void leave(Session s, ClientMessage m, Instant now) {
        route(s, m.leave.id, m.leave.topic, now, t -> t.handleLeave(s, m.leave, now));
    }

    public void publish(Session s, ClientMessage m, Instant now) {
        route(s, m.pub.id, m.pub.topic, now, t -> t.handlePub(s, m, now));
    }

    public void get(Session s, ClientMessage m, Instant now) {
        route(s, m.get.id, m.get.topic, now, t -> t.handleGet(s, m.get, now));
    }

    public void set(Session s, ClientMessage m, Instant now) {
        route(s, m.set.id, m.set.topic, now, t -> t.handleSet(s, m.set, now));
    }

    public void del(Session s, ClientMessage m, Instant now) {
        route(s, m.del.id, m.del.topic, now, t -> t.handleDel(s, m.del, now));
    }

    /** Notes are fire-and-forget; unknown topics drop them. */
    public void note(Session s, ClientMessage m, Instant now) {
        String topic = m.note.topic;
        if ("me".equals(topic)) {
            return;
        }
        // Group and p2p notes arrive with the topics issue.
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

    void remove(String name, TopicActor t) {
        topics.remove(name, t);
    }

    private MeTopic me(Uid uid) {
        return (MeTopic) topics.computeIfAbsent(uid.userId(), k -> new MeTopic(engine, this, uid));
    }

    private void route(Session s, String id, String topic, Instant now, Consumer<Handlers> action) {
        if (topic == null || topic.isEmpty()) {
            s.reply(id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        Function<Session, TopicActor> resolve;
        if ("me".equals(topic)) {
            resolve = sess -> me(sess.uid());
        } else {
            // Groups, p2p, fnd, slf and sys are routed here by the topics work (issue 3).
            s.reply(id, topic, null, Ctrl.NOT_IMPLEMENTED, now);
            return;
        }
        dispatch(s, id, topic, now, resolve, action);
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

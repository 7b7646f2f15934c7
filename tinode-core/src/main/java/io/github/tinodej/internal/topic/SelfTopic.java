package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;

/**
 * A topic only its own user subscribes to ({@code me} and {@code fnd}): the user's own
 * subscription, attaching without a join check, and the answers both give to what they do not
 * take (publishing, unsubscribing). The parts that differ are the hooks below.
 */
abstract class SelfTopic extends TopicActor implements Handlers {
    /** The mode a user has on their own {@code me} and {@code fnd}. */
    static final AccessMode SELF = AccessMode.parse("JPS");

    final Uid uid;
    /** The name clients use: "me" or "fnd". */
    final String wireName;
    /** The user's subscription to this topic, created on first load. */
    Subscription self;

    SelfTopic(Services services, Hub hub, Uid uid, String name, String wireName) {
        super(services, hub, name);
        this.uid = uid;
        this.wireName = wireName;
    }

    /** Loads the user's subscription to this topic, creating it the first time. */
    final void loadSelf() {
        loadSelf(services.store().getSubscription(name, uid).orElse(null));
    }

    /** As {@link #loadSelf()}, with the subscription already read (null: there is none yet). */
    final void loadSelf(Subscription stored) {
        self = stored;
        if (self == null) {
            Instant now = services.now();
            self = new Subscription(name, uid, now, now, null, SELF, SELF, null, 0, 0, 0);
            services.store().upsertSubscription(self);
        }
    }

    /** Runs once the session is attached, before the OK goes out. */
    void attaching(ClientSession s) {
    }

    /** Runs after the OK to a {@code {sub}} went out, before its embedded get is answered. */
    void attached(ClientSession s, Instant now) {
    }

    /** Runs when a session left or disconnected. */
    void detached(ClientSession s, Instant now) {
    }

    /** The parts of a {@code {get}} a session that is not attached may ask for; the rest is 403. */
    abstract int detachedGetMask();

    /** Answers the parts in {@code what} (never 0) of a get, standalone or embedded. */
    abstract void answerGet(ClientSession s, MetaQuery q, int what, boolean embedded, Instant now);

    @Override
    public void handleSub(ClientSession s, ClientMessage.Sub sub, Instant now) {
        if (attached.contains(s)) {
            s.reply(sub.id, wireName, null, Ctrl.ALREADY_SUBSCRIBED, now);
            return;
        }
        attached.add(s);
        s.topicAttached(name);
        attaching(s);
        s.reply(sub.id, wireName, null, Ctrl.OK, now);
        attached(s, now);
        if (sub.get != null) {
            int what = What.parse(sub.get.what);
            if (what != 0) {
                answerGet(s, MetaQuery.embedded(sub, wireName), what, true, now);
            }
        }
    }

    @Override
    public void handleLeave(ClientSession s, ClientMessage.Leave leave, Instant now) {
        if (Boolean.TRUE.equals(leave.unsub)) {
            // Nobody unsubscribes from their own me or fnd.
            s.reply(leave.id, wireName, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (!attached.remove(s)) {
            s.reply(leave.id, wireName, null, Ctrl.NOT_JOINED, now);
            return;
        }
        s.topicDetached(name);
        detached(s, now);
        s.reply(leave.id, wireName, null, Ctrl.OK, now);
    }

    @Override
    public void detach(ClientSession s) {
        if (attached.remove(s)) {
            detached(s, services.now());
        }
    }

    @Override
    public void handlePub(ClientSession s, ClientMessage m, Instant now) {
        s.reply(m.pub.id, wireName, null, attached.contains(s) ? Ctrl.PERMISSION_DENIED : Ctrl.ATTACH_FIRST, now);
    }

    @Override
    public void handleGet(ClientSession s, ClientMessage.Get get, Instant now) {
        int what = What.parse(get.what);
        if (what == 0) {
            s.reply(get.id, wireName, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!attached.contains(s) && (what & detachedGetMask()) == 0) {
            s.reply(get.id, wireName, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        answerGet(s, new MetaQuery(get.id, wireName, get.desc, get.sub, get.data, get.del), what, false, now);
    }
}

package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.function.Function;

/**
 * What a session checks before a request reaches a topic, as Tinode's session.go does: the name
 * the client uses is expanded to the topic's internal name, and whether the session is attached
 * to that topic decides the path: a request a detached session may not make is answered here,
 * without looking the topic up. Every method runs on the session's actor, which owns the set of
 * attached topics, so the answer is never stale for the session's own requests.
 */
public final class SessionRequests {
    private final Hub hub;

    SessionRequests(Hub hub) {
        this.hub = hub;
    }

    /** {@code {sub}}: always to the topic, which may create it; {@code new...} names a fresh group. */
    public void subscribe(ClientSession s, ClientMessage m, Instant now) {
        hub.route(s, "sub", m, m.sub.id, m.sub.topic, now, t -> t.handleSub(s, m.sub, now), true);
    }

    /** {@code {leave}}: an attached session goes to the topic; otherwise 304 or, to unsubscribe, 409. */
    public void leave(ClientSession s, ClientMessage m, Instant now) {
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
        hub.route(s, "leave", m, leave.id, leave.topic, now, t -> t.handleLeave(s, leave, now), false);
    }

    /** {@code {pub}}: only to attached topics, and to {@code sys} which anyone may write to. */
    public void publish(ClientSession s, ClientMessage m, Instant now) {
        String name = expand(s, m.pub.id, m.pub.topic, now, false);
        if (name == null) {
            return;
        }
        if (!s.isAttachedTo(name) && !"sys".equals(name)) {
            s.reply(m.pub.id, m.pub.topic, null, Ctrl.ATTACH_FIRST, now);
            return;
        }
        hub.route(s, "pub", m, m.pub.id, m.pub.topic, now, t -> t.handlePub(s, m, now), false);
    }

    /**
     * {@code {get}}: an attached session asks the topic for anything; a session that is not attached
     * gets only the description preview or its own subscription (Tinode's hub.meta path), else 403.
     */
    public void get(ClientSession s, ClientMessage m, Instant now) {
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
        hub.route(s, "get", m, get.id, get.topic, now, t -> t.handleGet(s, get, now), false);
    }

    /**
     * {@code {set}}: an attached session may set anything the topic allows; a session that is not
     * attached may change only its own subscription (private, mode), never tags, credentials or aux.
     */
    public void set(ClientSession s, ClientMessage m, Instant now) {
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
        hub.route(s, "set", m, set.id, set.topic, now, t -> t.handleSet(s, set, now), false);
    }

    /** {@code {del}}: a topic may be deleted attached or not; messages and members only when attached. */
    public void del(ClientSession s, ClientMessage m, Instant now) {
        ClientMessage.Del del = m.del;
        String name = expand(s, del.id, del.topic, now, false);
        if (name == null) {
            return;
        }
        String what = del.what == null || del.what.isEmpty() ? "msg" : del.what;
        switch (what) {
            case "topic" -> {
                hub.route(s, "del", m, del.id, del.topic, now, t -> t.handleDel(s, del, now), false);
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
        hub.route(s, "del", m, del.id, del.topic, now, t -> t.handleDel(s, del, now), false);
    }

    /**
     * {@code {note}}: fire-and-forget, so malformed notes vanish. Attached sessions reach the topic.
     * A session that is not attached may still confirm receipt and answer a call (Tinode lets
     * {@code recv} and the call events ringing, accept and hang-up through to a topic in memory);
     * any other note gets 409 with no id.
     */
    public void note(ClientSession s, ClientMessage m, Instant now) {
        ClientMessage.Note note = m.note;
        String topic = note.topic;
        String name = expand(s, null, topic, now, true);
        if (name == null) {
            return;
        }
        String what = note.what == null ? "" : note.what;
        int seq = Bounds.noteSeq(note.seq);
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
        // The retry closure is only built for a topic another node owns: notes are frequent.
        if (!"me".equals(topic) && !"fnd".equals(topic) && !hub.isLocal(name)
                && hub.forwarded(s, "note", m, null, topic, name, now, () -> note(s, m, now))) {
            return;
        }
        if (s.isAttachedTo(name)) {
            if (!"me".equals(topic) && !"fnd".equals(topic)) {
                noteTo(s, m, now, hub.resolver(s, topic, false));
            }
            return;
        }
        String event = note.event == null ? "" : note.event;
        if ("recv".equals(what) || "call".equals(what)
                && ("ringing".equals(event) || "accept".equals(event) || "hang-up".equals(event))) {
            hub.toLoadedTopic(name, t -> t.handleNote(s, note, now));
            return;
        }
        s.reply(null, topic, null, Ctrl.ATTACH_FIRST, now);
    }

    private void noteTo(ClientSession s, ClientMessage m, Instant now, Function<ClientSession, TopicActor> resolve) {
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
    private String expand(ClientSession s, String id, String topic, Instant now, boolean quiet) {
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
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Leaving, unsubscribing, removing members and deleting topics. */
final class TopicLeave {
    private TopicLeave() {
    }

    static void leave(Topic t, ClientSession s, ClientMessage.Leave leave, Instant now) {
        boolean unsub = Boolean.TRUE.equals(leave.unsub);
        if (!t.sessions.containsKey(s)) {
            s.reply(leave.id, leave.topic, null, unsub ? Ctrl.ATTACH_FIRST : Ctrl.NOT_JOINED, now);
            return;
        }
        Uid uid = s.uid();
        if (!unsub) {
            Attachment a = t.leaving(s);
            Presence.memberOffline(t, uid, a, s);
            s.reply(leave.id, leave.topic, null, Ctrl.OK, now);
            return;
        }
        if (t.isOwner(uid)) {
            s.reply(leave.id, leave.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        unsubscribe(t, s, leave.id, leave.topic, uid, now);
    }

    /** Deletes the user's subscription and detaches all their sessions (Tinode's {@code replyLeaveUnsub}). */
    static void unsubscribe(Topic t, ClientSession s, String id, String topic, Uid uid, Instant now) {
        PerUser pu = t.users.get(uid);
        if (pu == null || pu.deleted()) {
            s.reply(id, topic, null, Ctrl.NO_ACTION, now);
            return;
        }
        boolean asChan = pu.isChan;
        pu.sub = pu.sub.withDeleted(now);
        t.saveSub(pu);
        // Detached before the reply, so the session knows it by the time the client acts on it.
        t.leaving(s);
        s.reply(id, topic, null, Ctrl.OK, now);
        // Other sessions of the user are evicted with unsub; the requester just leaves.
        evictUser(t, uid, true, s);
        // No member-level "off" besides the sharers' one: Go's replyLeaveUnsub sends none.
        Presence.unsubscribed(t, uid, uid, asChan, s);
        if (asChan) {
            TopicPush.channel(t, uid, false);
        } else {
            TopicPush.unsubscribed(t, uid);
        }
        TopicPlugins.unsubscribed(t, uid);
    }

    /** Detaches every session of {@code uid} except {@code skip}, telling them {@code 205 evicted}. */
    static void evictUser(Topic t, Uid uid, boolean unsub, ClientSession skip) {
        List<ClientSession> gone = new ArrayList<>();
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            if (e.getValue().uid().equals(uid) && e.getKey() != skip) {
                gone.add(e.getKey());
            }
        }
        Instant now = t.services.now();
        for (ClientSession s : gone) {
            Attachment a = t.remove(s);
            JsonObject p = new JsonObject();
            p.addProperty("unsub", unsub);
            s.reply(null, t.original(uid, a.asChan()), p, Ctrl.EVICTED, now);
        }
    }

    static void detach(Topic t, ClientSession s) {
        Attachment a = t.leaving(s);
        if (a != null) {
            Presence.memberOffline(t, a.uid(), a, s);
        }
    }

    static void del(Topic t, ClientSession s, ClientMessage.Del del, Instant now) {
        String what = del.what == null || del.what.isEmpty() ? "msg" : del.what;
        if ("topic".equals(what) && t.exists() && t.rec.state() == io.github.tinodej.model.ObjectState.DELETED) {
            // A soft-deleted group: Go disabled every subscription with it, so there is nothing to do.
            s.reply(del.id, del.topic, null, Ctrl.NO_ACTION, now);
            return;
        }
        if (!t.exists()) {
            // Deleting what is not there is no error (Go: no subscriptions, "no action"), so a
            // client clearing a stale chat from its list succeeds.
            s.reply(del.id, del.topic, null, "topic".equals(what) ? Ctrl.NO_ACTION
                    : t.cat == Topic.Cat.GRP ? Ctrl.TOPIC_NOT_FOUND : Ctrl.NOT_FOUND, now);
            return;
        }
        switch (what) {
            case "msg" -> TopicMessages.delMsg(t, s, del, now);
            case "topic" -> delTopic(t, s, del, now);
            case "sub" -> delSub(t, s, del, now);
            case "cred" -> s.reply(del.id, del.topic, null, Ctrl.PERMISSION_DENIED, now);
            default -> s.reply(del.id, del.topic, null, Ctrl.MALFORMED, now);
        }
    }

    private static void delTopic(Topic t, ClientSession s, ClientMessage.Del del, Instant now) {
        Uid uid = s.uid();
        PerUser pu = t.users.get(uid);
        if (pu == null || pu.deleted()) {
            s.reply(del.id, del.topic, null, Ctrl.NO_ACTION, now);
            return;
        }
        boolean lastP2p = t.cat == Topic.Cat.P2P && t.users.values().stream()
                .filter(p -> !p.uid.equals(uid)).allMatch(PerUser::deleted);
        boolean owner = t.isOwner(uid) || t.cat == Topic.Cat.SLF;
        if (!owner && !lastP2p) {
            if (t.cat == Topic.Cat.SYS) {
                s.reply(del.id, del.topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
            unsubscribe(t, s, del.id, del.topic, uid, now);
            if (t.sessions.containsKey(s)) {
                t.remove(s);
            }
            return;
        }
        boolean hard = t.cat != Topic.Cat.GRP || Boolean.TRUE.equals(del.hard);
        List<PerUser> members = new ArrayList<>(t.users.values());
        // A soft-deleted group keeps its rows but no live subscriptions (as in Go).
        io.github.tinodej.store.StoreDeletions.deleteTopic(t.services.store(), t.name, hard, now);
        TopicPlugins.deleted(t.services, t.name);
        // Attached sessions are detached silently (before the reply, so that the requester's next
        // request already finds itself detached); members learn it on 'me'.
        for (ClientSession other : new ArrayList<>(t.sessions.keySet())) {
            t.remove(other);
        }
        s.reply(del.id, del.topic, null, Ctrl.OK, now);
        if (t.cat == Topic.Cat.GRP && t.rec.channel()) {
            TopicPush.forChannelDeleted(t, now);
        }
        for (PerUser m : members) {
            if (m.deleted()) {
                continue;
            }
            JsonObject p = t.pres("me", t.original(m.uid, m.isChan), "gone");
            if (t.cat == Topic.Cat.GRP) {
                // Go's handleTopicTermination: every member's 'me' sessions, the deleter's included.
                t.toMe(m.uid, p);
            } else if (m.uid.equals(uid)) {
                // p2p and slf: Go tells only the deleter's other sessions (when the topic was not in
                // memory); the deleting client already dropped the chat.
                t.toMe(m.uid, p, s);
            }
            t.hub.contactRemoved(m.uid, t.original(m.uid, m.isChan));
        }
        t.forgetOnline();
        t.users.clear();
        t.rec = null;
        t.kill();
    }

    private static void delSub(Topic t, ClientSession s, ClientMessage.Del del, Instant now) {
        Uid uid = s.uid();
        if (!t.sessions.containsKey(s)) {
            s.reply(del.id, del.topic, null, Ctrl.ATTACH_FIRST, now);
            return;
        }
        AccessMode mode = t.modeOf(uid);
        Uid target = Uid.parseUserId(del.user);
        // Go's order: admin rights, then a target that is someone else and no p2p peer, then lookup.
        if (!mode.has(AccessMode.APPROVE) && !mode.isOwner() || !target.isValid() || target.equals(uid)
                || t.cat == Topic.Cat.P2P) {
            s.reply(del.id, del.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        PerUser pu = t.users.get(target);
        if (pu == null || pu.deleted()) {
            s.reply(del.id, del.topic, null, Ctrl.NO_ACTION, now);
            return;
        }
        if (target.equals(uid) || t.isOwner(target) || t.cat == Topic.Cat.P2P || !pu.want().isJoiner()) {
            s.reply(del.id, del.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        pu.sub = pu.sub.withDeleted(now);
        t.saveSub(pu);
        s.reply(del.id, del.topic, null, Ctrl.OK, now);
        evictUser(t, target, true, null);
        Presence.unsubscribed(t, target, uid, pu.isChan, s);
        TopicPush.unsubscribed(t, target);
        TopicPlugins.unsubscribed(t, target);
    }
}

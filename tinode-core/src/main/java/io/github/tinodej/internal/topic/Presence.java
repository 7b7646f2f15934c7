package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Uid;
import java.util.List;
import java.util.Map;

/**
 * The {@code {pres}} notifications a topic sends (Tinode's {@code pres.go} and
 * {@code notifySubChange}), on the topic to attached sessions and on {@code me} to sessions not
 * attached to the topic. Runs on the topic's actor.
 */
final class Presence {
    private Presence() {
    }

    /** {@code dacs} object: full modes, or deltas against non-empty old modes. */
    static JsonObject dacs(AccessMode oldWant, AccessMode oldGiven, AccessMode want, AccessMode given) {
        JsonObject d = new JsonObject();
        d.addProperty("want", oldWant.value() != 0 ? want.deltaFrom(oldWant) : want.toString());
        d.addProperty("given", oldGiven.value() != 0 ? given.deltaFrom(oldGiven) : given.toString());
        if (d.get("want").getAsString().isEmpty()) {
            d.remove("want");
        }
        if (d.get("given").getAsString().isEmpty()) {
            d.remove("given");
        }
        return d;
    }

    /** The peer learns about a p2p topic the initiator just created: full modes of its subscription. */
    static void p2pCreated(Topic t, Uid initiator) {
        Uid peer = t.other(initiator);
        PerUser pu = t.users.get(peer);
        if (pu == null) {
            return;
        }
        JsonObject p = t.pres("me", initiator.userId(), "acs");
        // Go names the actor even though it equals src here (presSingleUserOffline drops it only
        // for the receiver); TinodeWeb keys the new-chat notice on act.
        p.addProperty("act", initiator.userId());
        JsonObject d = new JsonObject();
        d.addProperty("want", pu.want().toString());
        d.addProperty("given", pu.given().toString());
        p.add("dacs", d);
        t.toMeOffline(peer, p, null);
        t.hub.contactAdded(peer, initiator.userId(), pu.mode().isPresencer());
    }

    /**
     * The creator of a topic (or a new channel reader) tells its other sessions about the new
     * subscription, with the full modes: tinode-js adds an unknown contact only from a full
     * {@code acs}, and TinodeWeb throws on a later "on" for a contact it never added.
     */
    static void ownNewSub(Topic t, Uid uid, boolean asChan, ClientSession skip) {
        PerUser pu = t.users.get(uid);
        if (pu == null) {
            return;
        }
        JsonObject p = t.pres("me", t.original(uid, asChan), "acs");
        JsonObject d = new JsonObject();
        d.addProperty("want", pu.want().toString());
        d.addProperty("given", pu.given().toString());
        p.add("dacs", d);
        t.toMe(uid, p, skip);
        t.hub.contactAdded(uid, t.original(uid, asChan), pu.mode().isPresencer());
    }

    /**
     * A new p2p subscription starts the exchange of online status between the two users (Go's
     * "?none+en" / "?unkn+en" round trip through both 'me' topics): each hears "on" for the other
     * if the other is online, provided both subscriptions have P.
     */
    static void p2pExchangeOnline(Topic t, Uid initiator) {
        Uid peer = t.other(initiator);
        PerUser a = t.users.get(initiator);
        PerUser b = t.users.get(peer);
        if (a == null || b == null || !a.mode().isPresencer() || !b.mode().isPresencer()) {
            return;
        }
        if (!t.hub.online.isOnline(peer)) {
            return;
        }
        t.toMe(initiator, t.pres("me", peer.userId(), "on"));
        if (t.hub.online.isOnline(initiator)) {
            t.toMe(peer, t.pres("me", initiator.userId(), "on"));
        }
    }

    /**
     * The user's mode in the topic gained or lost P: the topic's online state appears or
     * disappears on the user's 'me' (Go's "?unkn+en" on un-mute, "off+dis" on mute). Go answers
     * an un-muted p2p contact only after 'me' reloads; here it is told at once.
     */
    private static void presenceToggled(Topic t, Uid uid, boolean asChan, boolean had, boolean has) {
        if (had == has || asChan) {
            return;
        }
        String src;
        boolean online;
        if (t.cat == Topic.Cat.GRP) {
            src = t.name;
            online = t.announcedOnline();
        } else if (t.cat == Topic.Cat.P2P) {
            Uid peer = t.other(uid);
            src = peer.userId();
            online = t.hub.online.isOnline(peer);
        } else {
            return;
        }
        if (online) {
            t.toMe(uid, t.pres("me", src, has ? "on" : "off"));
        }
    }

    /** A subscription's modes changed (joined, invited, re-moded). */
    static void subChanged(Topic t, Uid target, Uid actor, boolean asChan, Access.Change c, ClientSession skip) {
        PerUser pu = t.users.get(target);
        if (pu == null) {
            return;
        }
        JsonObject dacs = dacs(c.oldWant(), c.oldGiven(), pu.want(), pu.given());
        // Sharers attached to the topic see who changed.
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            ClientSession s = e.getKey();
            Uid u = e.getValue().uid();
            if (s == skip || e.getValue().asChan()) {
                continue;
            }
            if (u.equals(target)) {
                JsonObject own = t.pres(t.original(u, false), null, "acs");
                own.add("dacs", dacs);
                s.send(t.services.frames().pres(own));
            } else if (sharer(t.modeOf(u))) {
                JsonObject p = t.pres(t.original(u, false), target.userId(), "acs");
                if (!actor.equals(target)) {
                    p.addProperty("act", actor.userId());
                }
                p.add("dacs", dacs);
                s.send(t.services.frames().pres(p));
            }
        }
        // The target's own 'me' sessions not attached here.
        JsonObject me = t.pres("me", t.original(target, asChan), "acs");
        if (!actor.equals(target)) {
            me.addProperty("act", actor.userId());
        }
        me.add("dacs", dacs);
        t.toMeOffline(target, me, skip);
        t.hub.contactAdded(target, t.original(target, asChan), pu.mode().isPresencer());
        // Admins learn about join requests and new members on 'me'.
        if (!asChan && (c.oldWant().value() == 0 || pu.want().value() > (pu.want().value() & pu.given().value()))) {
            for (PerUser m : t.users.values()) {
                if (m.uid.equals(target) || m.deleted() || !sharer(m.mode())) {
                    continue;
                }
                JsonObject p = t.pres("me", t.original(m.uid, false), "acs");
                p.addProperty("tgt", target.userId());
                if (!actor.equals(m.uid)) {
                    p.addProperty("act", actor.userId());
                }
                p.add("dacs", dacs);
                t.toMeOffline(m.uid, p, skip);
            }
        }
        // After the acs: Go's "on" takes a round trip through the topic, so the client knows the
        // contact from the acs before the "on" names it (TinodeWeb throws otherwise).
        presenceToggled(t, target, asChan, c.oldWant().and(c.oldGiven()).isPresencer(), pu.mode().isPresencer());
    }

    /** Go's {@code IsSharer}: may invite (S), approve (A) or owns (O). */
    static boolean sharer(AccessMode m) {
        return m.has(AccessMode.SHARE) || m.has(AccessMode.APPROVE) || m.isOwner();
    }

    /** A member's first session attached: "on" to other attached members with R (groups only). */
    static void memberOnline(Topic t, Uid uid, ClientSession s) {
        PerUser pu = t.users.get(uid);
        if (t.cat != Topic.Cat.GRP || pu == null || pu.isChan || pu.online != 1) {
            return;
        }
        toAttachedExcept(t, t.pres(t.name, uid.userId(), "on"), s, AccessMode.READ | AccessMode.PRES, uid);
    }

    /** A member's last session detached: "off" to other attached members with R (groups only). */
    static void memberOffline(Topic t, Uid uid, Attachment a, ClientSession s) {
        PerUser pu = t.users.get(uid);
        if (t.cat != Topic.Cat.GRP || pu == null || a == null || a.asChan() || pu.online != 0) {
            return;
        }
        toAttachedExcept(t, t.pres(t.name, uid.userId(), "off"), s, AccessMode.READ | AccessMode.PRES, uid);
    }

    private static void toAttachedExcept(Topic t, JsonObject pres, ClientSession skip, int mode, Uid exceptUser) {
        String frame = t.services.frames().pres(pres);
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            if (e.getKey() == skip || e.getValue().asChan() || e.getValue().uid().equals(exceptUser)) {
                continue;
            }
            if (t.modeOf(e.getValue().uid()).has(mode)) {
                e.getKey().send(frame);
            }
        }
    }

    /**
     * To attached sessions whose user has {@code mode}, except {@code skip}; channel readers too,
     * under the channel's name (Go's aux notice reaches them: their JRP has P).
     */
    static void toAttached(Topic t, String what, ClientSession skip, int mode) {
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            Attachment a = e.getValue();
            if (e.getKey() == skip || !t.modeOf(a.uid()).has(mode)) {
                continue;
            }
            e.getKey().send(t.services.frames().pres(t.pres(t.original(a.uid(), a.asChan()), null, what)));
        }
    }

    /** To one user's sessions attached to the topic, except {@code skip}; the user needs P. */
    static void toUserAttached(Topic t, Uid uid, JsonObject pres, ClientSession skip) {
        if (!t.modeOf(uid).isPresencer()) {
            return;
        }
        String frame = t.services.frames().pres(pres);
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            if (e.getKey() != skip && e.getValue().uid().equals(uid)) {
                e.getKey().send(frame);
            }
        }
    }

    /** Public/defacs changed: "upd" on 'me' to members with J, except the actor. */
    static void topicUpdated(Topic t, Uid actor, ClientSession s) {
        for (PerUser m : t.users.values()) {
            if (m.uid.equals(actor) || m.deleted() || !m.mode().isJoiner()) {
                continue;
            }
            // Sessions with the topic open too: tinode-js refreshes an open chat's title from it.
            t.toMe(m.uid, t.pres("me", t.original(m.uid, m.isChan), "upd"), s);
        }
    }

    /** The actor's other sessions learn about their own change to the topic. */
    static void ownSubUpdated(Topic t, Uid uid, ClientSession s) {
        PerUser pu = t.users.get(uid);
        t.toMe(uid, t.pres("me", t.original(uid, pu != null && pu.isChan), "upd"), s);
    }

    /** "msg" on 'me' to members with P and R not attached; the sender's own sessions get it without act. */
    static void messagePosted(Topic t, Uid sender, int seq, ClientSession s) {
        for (PerUser m : t.users.values()) {
            if (m.deleted() || m.isChan || !m.mode().has(AccessMode.PRES | AccessMode.READ)) {
                continue;
            }
            JsonObject p = t.pres("me", t.original(m.uid, false), "msg");
            p.addProperty("seq", seq);
            if (!m.uid.equals(sender)) {
                p.addProperty("act", sender.userId());
            }
            t.toMeOffline(m.uid, p, s);
        }
    }

    /** Deletions: hard ones to every reader, soft ones to the actor's other sessions. */
    static void messagesDeleted(Topic t, Uid actor, int delId, List<SeqRange> ranges, boolean hard, ClientSession s) {
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            Attachment a = e.getValue();
            if (e.getKey() == s || a.asChan() || !t.modeOf(a.uid()).has(AccessMode.READ | AccessMode.PRES)) {
                continue;
            }
            if (!hard && !a.uid().equals(actor)) {
                continue;
            }
            JsonObject p = t.pres(t.original(a.uid(), false), actor.userId(), "del");
            p.addProperty("clear", delId);
            p.add("delseq", rangesJson(ranges));
            e.getKey().send(t.services.frames().pres(p));
        }
        for (PerUser m : t.users.values()) {
            if (m.deleted() || m.isChan || !m.mode().has(AccessMode.PRES | AccessMode.READ)) {
                continue;
            }
            if (!hard && !m.uid.equals(actor)) {
                continue;
            }
            JsonObject p = t.pres("me", t.original(m.uid, false), "del");
            p.addProperty("clear", delId);
            if (!m.uid.equals(actor)) {
                p.addProperty("act", actor.userId());
            }
            t.toMeOffline(m.uid, p, s);
        }
    }

    /**
     * A subscription was deleted (Go's {@code notifySubChange} with unset modes): attached sharers
     * hear {@code acs} with {@code dacs} N/N, then (groups) {@code off}; the user's 'me' hears
     * {@code gone}; a p2p peer hears {@code off} on 'me'.
     */
    static void unsubscribed(Topic t, Uid uid, Uid actor, boolean asChan, ClientSession s) {
        JsonObject none = new JsonObject();
        none.addProperty("want", AccessMode.NONE.toString());
        none.addProperty("given", AccessMode.NONE.toString());
        JsonObject acs = null;
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            Attachment a = e.getValue();
            if (e.getKey() == s || a.uid().equals(uid) || a.asChan() || !sharer(t.modeOf(a.uid()))) {
                continue;
            }
            acs = t.pres(t.original(a.uid(), false), uid.userId(), "acs");
            if (!actor.equals(uid)) {
                acs.addProperty("act", actor.userId());
            }
            acs.add("dacs", none);
            e.getKey().send(t.services.frames().pres(acs));
            if (t.cat == Topic.Cat.GRP && !asChan && t.modeOf(a.uid()).isPresencer()) {
                e.getKey().send(t.services.frames().pres(t.pres(t.name, uid.userId(), "off")));
            }
        }
        t.toMeOffline(uid, t.pres("me", t.original(uid, asChan), "gone"), s);
        t.hub.contactRemoved(uid, t.original(uid, asChan));
        if (t.cat == Topic.Cat.P2P) {
            // Every peer session on 'me', the chat open or not (Go's presSingleUserOfflineOffline).
            Uid peer = t.other(uid);
            t.toMe(peer, t.pres("me", uid.userId(), "off"));
        }
    }

    /** Delete ranges as the wire writes them: {@code low}, and {@code hi} only when it spans more than one id. */
    static JsonArray rangesJson(List<SeqRange> ranges) {
        JsonArray a = new JsonArray();
        for (SeqRange r : ranges) {
            JsonObject o = new JsonObject();
            o.addProperty("low", r.low());
            if (r.hi() != 0) {
                o.addProperty("hi", r.hi());
            }
            a.add(o);
        }
        return a;
    }
}

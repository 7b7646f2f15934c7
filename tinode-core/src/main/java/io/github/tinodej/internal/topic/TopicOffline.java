package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;

/**
 * {@code {get}} and {@code {set}} from a session that is not attached to the topic: what a user
 * may see of, or change in, a topic before subscribing or without opening it. Mirrors Tinode's
 * {@code replyOfflineTopicGetDesc}, {@code replyOfflineTopicGetSub} and
 * {@code replyOfflineTopicSetSub} (hub.go); TinodeWeb relies on the description preview to show a
 * conversation opened by id before its first message, and on the subscription path to mute or
 * rename a contact from the chat list.
 *
 * <p>Go reads these from the store even when the topic is in memory; here they run on the topic's
 * actor and read its state, which is the same data without the window in which the two differ.
 */
final class TopicOffline {
    private TopicOffline() {
    }

    /** {@code what} is already known to hold desc or sub. Only desc alone gets the preview. */
    static void get(Topic t, ClientSession s, ClientMessage.Get get, int what, Instant now) {
        if (what == What.DESC) {
            desc(t, s, get, now);
        } else {
            // Tinode answers any other combination with the own subscription only [quirk].
            sub(t, s, get, now);
        }
    }

    // ---- desc: the preview ----

    private static void desc(Topic t, ClientSession s, ClientMessage.Get get, Instant now) {
        Uid uid = s.uid();
        JsonObject d = new JsonObject();
        switch (t.cat) {
            case GRP, SYS -> {
                if (!t.exists() || t.rec.state() == ObjectState.DELETED) {
                    s.reply(get.id, get.topic, null, Ctrl.TOPIC_NOT_FOUND, now);
                    return;
                }
                Descs.time(d, "created", t.rec.created());
                Descs.time(d, "updated", t.rec.updated());
                if (t.rec.channel()) {
                    d.addProperty("chan", true);
                }
                if (t.isOwner(uid)) {
                    d.add("defacs", Descs.defacs(t.rec.access()));
                }
                d.add("acs", modeOnly(t.rec.access(), s.authLevel()));
                int members = t.subscriberCount();
                if (members > 0) {
                    d.addProperty("subcnt", members);
                }
                Descs.add(d, "public", t.rec.publicJson());
                Descs.add(d, "trusted", t.rec.trustedJson());
            }
            case P2P -> {
                // The other user's profile: a conversation opened by id shows it before it exists.
                User peer = peer(t, uid);
                if (peer == null) {
                    s.reply(get.id, get.topic, null, Ctrl.USER_NOT_FOUND, now);
                    return;
                }
                Descs.time(d, "created", peer.created());
                Descs.time(d, "updated", peer.updated());
                if (s.authLevel() == AuthLevel.ROOT) {
                    d.addProperty("state", peer.state().wireName());
                }
                d.add("acs", modeOnly(peer.access(), s.authLevel()));
                Descs.add(d, "public", peer.publicJson());
                Descs.add(d, "trusted", peer.trustedJson());
            }
            default -> {
                // Tinode finds no user in an 'slf' name and calls it malformed.
                s.reply(get.id, get.topic, null, Ctrl.MALFORMED, now);
                return;
            }
        }
        PerUser pu = t.users.get(uid);
        if (pu != null && !pu.deleted() && !pu.isChan) {
            // A subscription, even one not attached, overrides the default mode.
            d.add("acs", Descs.acs(pu.want(), pu.given()));
            Descs.add(d, "private", pu.sub.privateJson());
        }
        s.send(t.services.frames().meta(get.id, get.topic, now, "desc", d));
    }

    /** {@code acs} with only {@code mode}: the default access the requester's level would get. */
    private static JsonObject modeOnly(DefaultAccess access, AuthLevel level) {
        JsonObject acs = new JsonObject();
        AccessMode m = level == AuthLevel.ANON ? access.anon() : access.auth();
        acs.addProperty("mode", m.toString());
        return acs;
    }

    /** The other user of a p2p topic, read from the store if the topic does not exist yet. */
    private static User peer(Topic t, Uid uid) {
        Uid other = t.other(uid);
        User peer = t.p2pUsers.get(other);
        if (peer == null && other.isValid()) {
            peer = t.services.store().getUser(other).orElse(null);
        }
        return peer == null || peer.state() == ObjectState.DELETED ? null : peer;
    }

    // ---- sub: only one's own ----

    private static void sub(Topic t, ClientSession s, ClientMessage.Get get, Instant now) {
        Uid uid = s.uid();
        ClientMessage.GetOpts o = get.sub;
        if (o != null && o.user != null && !o.user.isEmpty() && !o.user.equals(uid.userId())) {
            s.reply(get.id, get.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        PerUser pu = own(t, uid, get.topic);
        if (pu == null) {
            s.reply(get.id, get.topic, null, Ctrl.NOT_FOUND, now);
            return;
        }
        JsonObject e = new JsonObject();
        if (pu.deleted()) {
            Descs.time(e, "deleted", pu.sub.deleted());
        } else {
            Descs.time(e, "updated", pu.sub.updated());
            e.add("acs", Descs.acs(pu.want(), pu.given()));
            Descs.add(e, "private", pu.sub.privateJson());
            e.addProperty("user", uid.userId());
            AccessMode mode = pu.sub.mode();
            if (mode.isReader() && mode.isJoiner()) {
                putPositive(e, "read", pu.sub.readSeq());
                putPositive(e, "recv", pu.sub.recvSeq());
                putPositive(e, "clear", pu.sub.delId());
            }
        }
        JsonArray a = new JsonArray();
        a.add(e);
        s.send(t.services.frames().meta(get.id, get.topic, now, "sub", a));
    }

    /** The requester's subscription as addressed: channel readers by the {@code chn} name. */
    private static PerUser own(Topic t, Uid uid, String requested) {
        PerUser pu = t.users.get(uid);
        if (pu == null || pu.isChan != requested.startsWith("chn")) {
            return null;
        }
        return pu;
    }

    private static void putPositive(JsonObject o, String key, int v) {
        if (v > 0) {
            o.addProperty(key, v);
        }
    }

    // ---- set: own private and mode ----

    /**
     * Changes the requester's own private description and wanted mode without attaching. Nothing
     * else may change this way: no description, no other user's subscription.
     */
    static void set(Topic t, ClientSession s, ClientMessage.Set set, Instant now) {
        JsonElement priv = set.desc == null ? null : set.desc.priv;
        boolean hasPriv = priv != null && !priv.isJsonNull();
        String mode = set.sub == null ? null : set.sub.mode;
        boolean hasMode = mode != null && !mode.isEmpty();
        if (!hasPriv && !hasMode) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        Uid uid = s.uid();
        if (set.sub != null && set.sub.user != null && !set.sub.user.isEmpty() && !set.sub.user.equals(uid.userId())) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        PerUser pu = own(t, uid, set.topic);
        if (pu == null || pu.deleted()) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_FOUND, now);
            return;
        }
        AccessMode want = pu.want();
        if (hasMode) {
            try {
                want = AccessMode.parse(mode);
            } catch (IllegalArgumentException e) {
                // Go answers 500 here (a parse error is no store error); a bad mode is bad input.
                s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
                return;
            }
            if (want.isOwner() != pu.want().isOwner()) {
                s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
            if (t.cat == Topic.Cat.P2P) {
                // p2p: no more than the p2p maximum, and 'A' is never dropped.
                want = want.and(Access.p2pMax(t.services)).with(AccessMode.APPROVE);
            }
        }
        JsonValues.Merge merged = hasPriv ? JsonValues.merge(pu.sub.privateJson(), priv)
                : new JsonValues.Merge(pu.sub.privateJson(), false);
        boolean modeChanged = !want.equals(pu.want());
        if (!merged.changed() && !modeChanged) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        boolean hadPresence = pu.mode().isPresencer();
        var sub = pu.sub;
        if (merged.changed()) {
            sub = sub.withPrivate(merged.json(), now);
        }
        if (modeChanged) {
            sub = sub.withModes(want, sub.given(), now);
        }
        pu.sub = sub;
        t.saveSub(pu);
        JsonObject params = null;
        if (modeChanged) {
            params = new JsonObject();
            params.add("acs", Descs.acs(pu.want(), pu.given()));
            if (hadPresence != pu.mode().isPresencer()) {
                // Muting or unmuting: the user's 'me' starts or stops relaying this contact's presence.
                t.hub.contactAdded(uid, t.original(uid, pu.isChan), pu.mode().isPresencer());
            }
        }
        s.reply(set.id, set.topic, params, Ctrl.OK, now);
    }
}

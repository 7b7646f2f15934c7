package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.Attachments;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code {sub}}: creating topics, joining, attaching (Tinode's {@code initTopic*}, {@code thisUserSub}). */
final class TopicJoin {
    static final AccessMode OWNER_MODE = AccessMode.parse("JRWPASDO");
    static final AccessMode SLF_MODE = AccessMode.parse("JRWDO");
    static final AccessMode SYS_MODE = AccessMode.parse("JRWPD");
    static final AccessMode CHN_READER = AccessMode.parse("JRP");
    static final AccessMode GROUP_AUTH = AccessMode.parse("JRWPS");
    static final AccessMode CHANNEL_AUTH = AccessMode.parse("RWPS");

    private TopicJoin() {
    }

    static void sub(Topic t, ClientSession s, ClientMessage.Sub msg, Instant now) {
        Uid uid = s.uid();
        String requested = msg.topic;
        boolean asChan = requested.startsWith("chn");
        if (t.sessions.containsKey(s)) {
            // Go's session checks this before anything else.
            s.reply(msg.id, requested, null, Ctrl.ALREADY_SUBSCRIBED, now);
            return;
        }
        if (msg.set != null && msg.set.sub != null && msg.set.sub.user != null && !msg.set.sub.user.isEmpty()) {
            s.reply(msg.id, requested, null, Ctrl.MALFORMED, now);
            return;
        }
        boolean created = false;
        String tmpName = null;
        if (!t.exists()) {
            switch (t.cat) {
                case GRP -> {
                    if (!t.creating) {
                        s.reply(msg.id, requested, null, Ctrl.TOPIC_NOT_FOUND, now);
                        return;
                    }
                    if (!createGroup(t, s, msg, now)) {
                        return;
                    }
                    tmpName = requested;
                }
                case P2P -> {
                    if (!createP2P(t, s, msg, now)) {
                        return;
                    }
                }
                case SLF -> {
                    if (!createSlf(t, s, msg, now)) {
                        return;
                    }
                }
                case SYS -> {
                    s.reply(msg.id, requested, null, Ctrl.TOPIC_NOT_FOUND, now);
                    return;
                }
                default -> throw new IllegalStateException();
            }
            created = true;
        } else if (t.rec.state() == ObjectState.DELETED) {
            s.reply(msg.id, requested, null, Ctrl.TOPIC_NOT_FOUND, now);
            return;
        } else if (t.cat == Topic.Cat.P2P && !peerExists(t, uid)) {
            // The other account was deleted: Go finds one user for the topic and answers this.
            s.reply(msg.id, requested, null, Ctrl.USER_NOT_FOUND, now);
            return;
        }
        if (asChan && !t.rec.channel()) {
            s.reply(msg.id, requested, null, Ctrl.NOT_FOUND, now);
            return;
        }
        boolean newSub = created && t.cat != Topic.Cat.P2P || !t.users.containsKey(uid) || t.users.get(uid).deleted();
        if (t.cat == Topic.Cat.P2P && created) {
            newSub = true;
        }
        String mode = msg.set != null && msg.set.sub != null ? msg.set.sub.mode : null;
        com.google.gson.JsonElement priv = msg.set != null && msg.set.desc != null ? msg.set.desc.priv : null;
        Access.Change change = Access.thisUserSub(t, s, msg.id, requested, asChan, mode,
                created ? null : priv, newSub, now);
        if (change == null) {
            return;
        }
        PerUser pu = t.users.get(uid);
        boolean joined = pu.want().isJoiner() && pu.given().isJoiner();
        if (joined) {
            t.attach(s, uid, asChan);
        }
        JsonObject params = new JsonObject();
        if (change.reported()) {
            params.add("acs", Descs.acs(pu.want(), pu.given()));
        }
        String topicName = t.original(uid, asChan);
        if (tmpName != null) {
            params.addProperty("tmpname", tmpName);
        }
        Instant ts = created ? t.rec.created() : now;
        s.reply(msg.id, topicName, params, Ctrl.OK, ts);
        // Notifications follow the reply, as in Go's subscriptionReply: the client knows the
        // topic's name before anything names it.
        if (created || newSub && asChan) {
            Presence.ownNewSub(t, uid, asChan, s);
        } else if (newSub || change.changed()) {
            Presence.subChanged(t, uid, uid, asChan, change, s);
        }
        if (t.cat == Topic.Cat.P2P && (created || revivePeer(t, uid, now))) {
            Presence.p2pCreated(t, uid);
        }
        plugins(t, pu, created, newSub, change.changed());
        if (newSub && t.cat == Topic.Cat.P2P) {
            Presence.p2pExchangeOnline(t, uid);
            PerUser peer = t.users.get(t.other(uid));
            if (peer != null) {
                TopicPush.forSub(t, uid, peer.uid, peer.want(), peer.given(), now);
            }
        } else if (newSub && t.cat == Topic.Cat.GRP && !asChan) {
            TopicPush.forGroupSub(t, uid, now);
        } else if (asChan && (newSub || change.changed())) {
            // Go: a new reader joins the channel's FCM topic; a changed want follows its P bit.
            TopicPush.channel(t, uid, newSub || pu.want().isPresencer());
        }
        if (joined) {
            t.announceOnlineOnce(asChan);
            Presence.memberOnline(t, uid, s);
            if (msg.get != null) {
                TopicMeta.embeddedGet(t, s, msg, topicName, now);
            }
        }
    }

    /** Go's pluginTopic and pluginSubscription after a subscription reply: what was created or changed. */
    private static void plugins(Topic t, PerUser pu, boolean created, boolean newSub, boolean changed) {
        if (created) {
            TopicPlugins.topic(t, io.github.tinodej.plugin.Crud.CREATE);
            // A new p2p topic comes with both users' subscriptions.
            for (PerUser u : t.users.values()) {
                TopicPlugins.subscription(t, io.github.tinodej.plugin.Crud.CREATE, u.sub);
            }
        } else if (newSub) {
            TopicPlugins.subscription(t, io.github.tinodej.plugin.Crud.CREATE, pu.sub);
        } else if (changed) {
            TopicPlugins.subscription(t, io.github.tinodej.plugin.Crud.UPDATE, pu.sub);
        }
    }

    /**
     * The other user deleted the conversation (their subscription is soft-deleted) and this user
     * comes back to it: the other side gets it back, as Go's p2p initialisation restores a missing
     * subscription, so the next message shows up in their chat list. A peer who had blocked this
     * user (no J in their mode) stays as they left it.
     */
    private static boolean revivePeer(Topic t, Uid uid, Instant now) {
        PerUser peer = t.users.get(t.other(uid));
        if (peer == null || !peer.deleted() || !peer.sub.mode().isJoiner()) {
            return false;
        }
        peer.sub = new Subscription(peer.sub.topic(), peer.uid, peer.sub.created(), now, null, peer.want(),
                peer.given(), peer.sub.privateJson(), 0, 0, 0);
        t.saveSub(peer);
        return true;
    }

    private static boolean peerExists(Topic t, Uid uid) {
        User peer = t.p2pUsers.get(t.other(uid));
        return peer != null && peer.state() != ObjectState.DELETED;
    }

    // ---- creation ----

    private static boolean createGroup(Topic t, ClientSession s, ClientMessage.Sub msg, Instant now) {
        Uid uid = s.uid();
        ClientMessage.SetQuery set = msg.set;
        boolean channel = t.creatingChannel;
        AccessMode auth = channel ? CHANNEL_AUTH : GROUP_AUTH;
        AccessMode anon = AccessMode.NONE;
        String pub = null;
        String trusted = null;
        List<String> tags = List.of();
        if (set != null && set.desc != null) {
            if (set.desc.defacs != null) {
                auth = groupDefault(set.desc.defacs.auth, auth);
                anon = groupDefault(set.desc.defacs.anon, anon);
            }
            pub = JsonValues.initial(set.desc.pub);
            if (set.desc.trusted != null && !set.desc.trusted.isJsonNull()) {
                if (s.authLevel() != AuthLevel.ROOT) {
                    s.reply(msg.id, msg.topic, null, Ctrl.PERMISSION_DENIED, now);
                    return false;
                }
                trusted = JsonValues.initial(set.desc.trusted);
            }
        }
        if (set != null && set.tags != null) {
            List<String> n = Tags.normalize(set.tags, t.services.config().limits().maxTagCount());
            for (String tag : n) {
                if (Tags.inNamespaces(tag, t.services.restrictedTagNamespaces())) {
                    s.reply(msg.id, msg.topic, null, Ctrl.PERMISSION_DENIED, now);
                    return false;
                }
            }
            Optional<String> dupAlias = Access.takenAlias(t, n, null);
            if (dupAlias.isPresent()) {
                s.reply(msg.id, msg.topic, null, Ctrl.MALFORMED, now);
                return false;
            }
            tags = n;
        }
        TopicRecord rec = new TopicRecord(t.name, now, now, now, ObjectState.OK, null, channel, uid,
                new DefaultAccess(auth, anon), 0, 0, pub, trusted, tags, null);
        t.services.store().createTopic(rec);
        t.rec = rec;
        Attachments.linkDescription(t.services.config().media(), t.services.store(), uid, t.name, msg.attachments, false);
        AccessMode want = OWNER_MODE;
        if (set != null && set.sub != null && set.sub.mode != null && !set.sub.mode.isEmpty()) {
            try {
                want = AccessMode.parse(set.sub.mode).with(AccessMode.JOIN | AccessMode.OWNER);
            } catch (IllegalArgumentException e) {
                want = OWNER_MODE;
            }
        }
        String priv = set != null && set.desc != null ? JsonValues.initial(set.desc.priv) : null;
        Subscription sub = new Subscription(t.name, uid, now, now, null, want, OWNER_MODE, priv, 0, 0, 0);
        t.services.store().upsertSubscription(sub);
        t.users.put(uid, new PerUser(uid, sub, false));
        return true;
    }

    /** A group default from the client: owner stripped; unparsable keeps the default (as in Go). */
    private static AccessMode groupDefault(String mode, AccessMode fallback) {
        if (mode == null || mode.isEmpty()) {
            return fallback;
        }
        try {
            return AccessMode.parse(mode).without(AccessMode.OWNER);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static boolean createSlf(Topic t, ClientSession s, ClientMessage.Sub msg, Instant now) {
        Uid uid = s.uid();
        List<String> tags = List.of();
        if (msg.set != null && msg.set.tags != null) {
            tags = Tags.normalize(msg.set.tags, t.services.config().limits().maxTagCount());
            for (String tag : tags) {
                if (Tags.inNamespaces(tag, t.services.restrictedTagNamespaces())) {
                    s.reply(msg.id, msg.topic, null, Ctrl.PERMISSION_DENIED, now);
                    return false;
                }
            }
        }
        // Go stores the owner's mode as the default for authenticated users, anon none.
        TopicRecord rec = new TopicRecord(t.name, now, now, now, ObjectState.OK, null, false, uid,
                new DefaultAccess(SLF_MODE, AccessMode.NONE), 0, 0, null, null, tags, null);
        t.services.store().createTopic(rec);
        t.rec = rec;
        String priv = msg.set != null && msg.set.desc != null ? JsonValues.initial(msg.set.desc.priv) : null;
        Subscription sub = new Subscription(t.name, uid, now, now, null, SLF_MODE, SLF_MODE, priv, 0, 0, 0);
        t.services.store().upsertSubscription(sub);
        t.users.put(uid, new PerUser(uid, sub, false));
        return true;
    }

    /** Creates a p2p topic with both subscriptions (Tinode's {@code initTopicP2P}). */
    private static boolean createP2P(Topic t, ClientSession s, ClientMessage.Sub msg, Instant now) {
        Uid a = s.uid();
        Uid b = t.other(a);
        List<User> found = t.services.store().getUsers(List.of(a, b));
        User ua = found.stream().filter(u -> u.uid().equals(a)).findFirst().orElse(null);
        User ub = found.stream().filter(u -> u.uid().equals(b)).findFirst().orElse(null);
        if (ua == null || ub == null || ub.state() == ObjectState.DELETED) {
            s.reply(msg.id, msg.topic, null, Ctrl.USER_NOT_FOUND, now);
            return false;
        }
        AccessMode max = Access.p2pMax(t.services);
        // What A gives B: A's default, or what the {sub} says; masked, A always kept.
        AccessMode bGiven = ua.access().auth();
        if (msg.set != null && msg.set.desc != null && msg.set.desc.defacs != null
                && msg.set.desc.defacs.auth != null && !msg.set.desc.defacs.auth.isEmpty()) {
            try {
                bGiven = AccessMode.parse(msg.set.desc.defacs.auth);
            } catch (IllegalArgumentException e) {
                // Tinode logs and keeps the default.
            }
        }
        bGiven = bGiven.and(max).with(AccessMode.APPROVE);
        // B's default for A's level, unmasked (Tinode quirk).
        AccessMode aGiven = ub.access().forLevel(s.authLevel());
        AccessMode aWant = bGiven;
        if (msg.set != null && msg.set.sub != null && msg.set.sub.mode != null) {
            try {
                aWant = AccessMode.parse(msg.set.sub.mode).and(max).with(AccessMode.APPROVE | AccessMode.JOIN);
            } catch (IllegalArgumentException e) {
                aWant = bGiven;
            }
        }
        AccessMode bWant = ub.access().forLevel(s.authLevel()).and(max).with(AccessMode.APPROVE);
        String priv = msg.set != null && msg.set.desc != null ? JsonValues.initial(msg.set.desc.priv) : null;
        TopicRecord rec = new TopicRecord(t.name, now, now, now, ObjectState.OK, null, false, Uid.ZERO,
                new DefaultAccess(AccessMode.NONE, AccessMode.NONE), 0, 0, null, null, List.of(), null);
        t.services.store().createTopic(rec);
        Subscription sa = new Subscription(t.name, a, now, now, null, aWant, aGiven, priv, 0, 0, 0);
        Subscription sb = new Subscription(t.name, b, now, now, null, bWant, bGiven, null, 0, 0, 0);
        t.services.store().upsertSubscription(sa);
        t.services.store().upsertSubscription(sb);
        t.rec = rec;
        t.users.put(a, new PerUser(a, sa, false));
        t.users.put(b, new PerUser(b, sb, false));
        t.p2pUsers.put(a, ua);
        t.p2pUsers.put(b, ub);
        return true;
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.Optional;

/** {@code {set sub}}: one's own mode, or inviting and re-moding others (Tinode's {@code replySetSub}). */
final class TopicSubs {
    private TopicSubs() {
    }

    static void setSub(Topic t, ClientSession s, ClientMessage.Set set, Instant now) {
        Uid uid = s.uid();
        Uid target = uid;
        if (set.sub.user != null && !set.sub.user.isEmpty()) {
            target = Uid.parseUserId(set.sub.user);
            if (!target.isValid()) {
                s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
                return;
            }
        }
        boolean asChan = set.topic.startsWith("chn");
        if (target.equals(uid)) {
            PerUser before = t.users.get(uid);
            if (before == null || before.deleted()) {
                s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
            Access.Change c = Access.thisUserSub(t, s, set.id, set.topic, asChan, set.sub.mode, null, false, now);
            if (c == null) {
                return;
            }
            if (!c.changed()) {
                s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
                return;
            }
            PerUser pu = t.users.get(uid);
            Presence.subChanged(t, uid, uid, asChan, c, s);
            if (asChan) {
                TopicPush.channel(t, uid, pu.want().isPresencer());
            }
            JsonObject p = new JsonObject();
            p.add("acs", Descs.acs(pu.want(), pu.given()));
            s.reply(set.id, set.topic, p, Ctrl.OK, now);
            return;
        }
        anotherUser(t, s, set, target, asChan, now);
    }

    private static void anotherUser(Topic t, ClientSession s, ClientMessage.Set set, Uid target, boolean asChan,
            Instant now) {
        Uid uid = s.uid();
        PerUser host = t.users.get(uid);
        AccessMode hostMode = host == null ? AccessMode.NONE : host.mode();
        boolean sharer = hostMode.has(AccessMode.SHARE) || hostMode.has(AccessMode.APPROVE) || hostMode.isOwner();
        if (!sharer || asChan || t.cat == Topic.Cat.SLF || t.cat == Topic.Cat.SYS || t.readOnly) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        AccessMode given = AccessMode.UNSET;
        if (set.sub.mode != null && !set.sub.mode.isEmpty()) {
            try {
                given = AccessMode.parse(set.sub.mode);
            } catch (IllegalArgumentException e) {
                s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
                return;
            }
            if (t.cat == Topic.Cat.P2P) {
                given = given.and(Access.p2pMax(t.services)).with(AccessMode.APPROVE);
            }
        }
        boolean admin = hostMode.has(AccessMode.APPROVE) || hostMode.isOwner();
        if (!given.isUnset() && !admin) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (given.isOwner() && !t.isOwner(uid)) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        PerUser pu = t.users.get(target);
        AccessMode oldWant = AccessMode.NONE;
        AccessMode oldGiven = AccessMode.NONE;
        boolean invited = false;
        if (pu == null || pu.deleted()) {
            if (t.cat == Topic.Cat.GRP && t.memberCount() >= t.services.config().limits().maxSubscriberCount()) {
                s.reply(set.id, set.topic, null, Ctrl.POLICY, now);
                return;
            }
            if (given.isUnset()) {
                given = t.accessFor(AuthLevel.AUTH).with(AccessMode.JOIN);
            }
            AccessMode want;
            if (pu != null) {
                want = pu.want();
            } else {
                Optional<User> u = t.services.store().getUser(target);
                if (u.isEmpty() || u.get().state() == ObjectState.DELETED) {
                    s.reply(set.id, set.topic, null, Ctrl.USER_NOT_FOUND, now);
                    return;
                }
                if (u.get().state() != ObjectState.OK) {
                    s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
                    return;
                }
                want = u.get().access().auth().and(given);
            }
            if (!want.isJoiner()) {
                s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
            Subscription sub = new Subscription(t.name, target, now, now, null, want, given, null, 0, 0, 0);
            t.services.store().upsertSubscription(sub);
            pu = new PerUser(target, sub, false);
            t.users.put(target, pu);
            invited = true;
        } else {
            oldWant = pu.want();
            oldGiven = pu.given();
            if (!given.isUnset() && !given.equals(pu.given())) {
                if (t.isOwner(target) && (!given.isOwner() || !given.isJoiner())) {
                    s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
                    return;
                }
                pu.sub = pu.sub.withModes(pu.want(), given, now);
                t.saveSub(pu);
            }
        }
        if (!invited && oldGiven.equals(pu.given())) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        Presence.subChanged(t, target, uid, false, new Access.Change(oldWant, oldGiven, true, true), s);
        if (invited) {
            TopicPush.forSub(t, uid, target, pu.want(), pu.given(), now);
        }
        TopicPlugins.subscription(t, invited ? io.github.tinodej.plugin.Crud.CREATE : io.github.tinodej.plugin.Crud.UPDATE,
                pu.sub);
        if (!pu.given().isJoiner()) {
            TopicLeave.evictUser(t, target, false, null);
        }
        JsonObject p = new JsonObject();
        p.add("acs", Descs.acs(pu.want(), pu.given()));
        p.addProperty("user", target.userId());
        s.reply(set.id, set.topic, p, Ctrl.OK, now);
    }
}

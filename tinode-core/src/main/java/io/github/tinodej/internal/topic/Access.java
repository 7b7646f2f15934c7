package io.github.tinodej.internal.topic;

import com.google.gson.JsonElement;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Access-mode rules for a user's own subscription (Tinode's {@code thisUserSub}). */
final class Access {
    private Access() {
    }

    /**
     * The outcome of a subscription change.
     *
     * @param oldWant want before
     * @param oldGiven given before
     * @param changed whether want or given changed
     * @param reported whether the reply carries {@code params.acs} (new subscription or change)
     */
    record Change(AccessMode oldWant, AccessMode oldGiven, boolean changed, boolean reported) {
    }

    /** The p2p maximum: {@code JRWPAD}, or {@code JRWPA} when p2p deletes are off. */
    static AccessMode p2pMax(Services e) {
        return AccessMode.parse(e.config().limits().p2pDeleteEnabled() ? "JRWPAD" : "JRWPA");
    }

    /**
     * Creates or updates the requester's own subscription. Replies with an error and returns null
     * when refused; otherwise the caller replies.
     */
    static Change thisUserSub(Topic t, ClientSession s, String id, String topic, boolean asChan, String wantText,
            JsonElement priv, boolean newSub, Instant now) {
        Uid uid = s.uid();
        AccessMode modeWant = AccessMode.UNSET;
        if (wantText != null && !wantText.isEmpty()) {
            try {
                modeWant = AccessMode.parse(wantText);
            } catch (IllegalArgumentException e) {
                s.reply(id, topic, null, Ctrl.MALFORMED, now);
                return null;
            }
        }
        PerUser pu = t.users.get(uid);
        AccessMode oldWant = AccessMode.NONE;
        AccessMode oldGiven = AccessMode.NONE;
        if (pu == null || pu.deleted()) {
            if (t.cat == Topic.Cat.GRP && !asChan
                    && t.memberCount() >= t.services.config().limits().maxSubscriberCount()) {
                s.reply(id, topic, null, Ctrl.POLICY, now);
                return null;
            }
            AccessMode want;
            AccessMode given;
            if (t.cat == Topic.Cat.P2P) {
                want = (modeWant.isUnset() ? pu == null ? AccessMode.NONE : pu.want() : modeWant)
                        .and(p2pMax(t.services)).with(AccessMode.APPROVE);
                given = pu == null ? AccessMode.NONE : pu.given();
            } else if (t.cat == Topic.Cat.SYS) {
                if (s.authLevel() != io.github.tinodej.model.AuthLevel.ROOT) {
                    s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
                    return null;
                }
                given = TopicJoin.SYS_MODE;
                want = modeWant.isUnset() ? TopicJoin.SYS_MODE
                        : modeWant.and(TopicJoin.SYS_MODE).with(AccessMode.WRITE | AccessMode.JOIN);
            } else if (asChan) {
                given = TopicJoin.CHN_READER;
                oldGiven = TopicJoin.CHN_READER;
                oldWant = pu != null ? pu.want() : TopicJoin.CHN_READER;
                want = modeWant.isUnset() ? oldWant
                        : modeWant.and(TopicJoin.CHN_READER).with(AccessMode.READ | AccessMode.JOIN);
            } else {
                // A deleted subscription keeps its given mode: bans survive unsubscribing.
                given = pu != null ? pu.given() : t.accessFor(s.authLevel());
                if (given.isUnset()) {
                    given = t.accessFor(s.authLevel());
                }
                want = modeWant.isUnset() ? t.accessFor(s.authLevel()) : modeWant;
            }
            if (!given.isJoiner()) {
                s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
                return null;
            }
            String privJson = JsonValues.initial(priv);
            Subscription sub = new Subscription(t.subTopicName(asChan), uid, now, now, null, want, given, privJson,
                    0, 0, 0);
            t.services.store().upsertSubscription(sub);
            PerUser n = new PerUser(uid, sub, asChan);
            t.users.put(uid, n);
            pu = n;
        } else {
            if (!pu.isChan && asChan) {
                JsonObjectHolder.useOther(s, id, topic, t.name, now);
                return null;
            }
            oldWant = pu.want();
            oldGiven = pu.given();
            AccessMode given = oldGiven;
            AccessMode want = oldWant;
            boolean ownerChange = false;
            if (!modeWant.isUnset()) {
                if (t.isOwner(uid) && (!modeWant.isOwner() || !modeWant.isJoiner())) {
                    s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
                    return null;
                }
                if (given.isOwner()) {
                    ownerChange = modeWant.isOwner() && !oldWant.isOwner();
                    if (modeWant.isOwner() && (given.value() & modeWant.value()) != modeWant.value()) {
                        given = given.or(modeWant);
                    }
                } else if (modeWant.isOwner()) {
                    s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
                    return null;
                } else if (t.cat == Topic.Cat.GRP && given.has(AccessMode.APPROVE) && modeWant.has(AccessMode.APPROVE)) {
                    AccessMode extra = modeWant.without(AccessMode.DELETE);
                    given = given.or(extra);
                }
                if (t.cat == Topic.Cat.P2P) {
                    modeWant = modeWant.and(p2pMax(t.services)).with(AccessMode.APPROVE);
                } else if (t.cat == Topic.Cat.SYS) {
                    modeWant = modeWant.and(TopicJoin.SYS_MODE).with(AccessMode.WRITE);
                }
                want = modeWant;
            } else if (!oldWant.isJoiner()) {
                // Re-joining after a self-ban restores want from the grant and the default.
                want = given.or(t.accessFor(s.authLevel()));
            }
            Subscription sub = pu.sub;
            boolean dirty = false;
            if (priv != null && !priv.isJsonNull()) {
                // {sub} replaces private whole (Go's thisUserSub); "␡" clears it. {set desc} merges.
                String json = JsonValues.initial(priv);
                if (!java.util.Objects.equals(json, sub.privateJson())) {
                    sub = sub.withPrivate(json, now);
                    dirty = true;
                }
            }
            if (!want.equals(oldWant) || !given.equals(oldGiven)) {
                sub = sub.withModes(want, given, now);
                dirty = true;
            }
            if (dirty) {
                pu.sub = sub;
                t.saveSub(pu);
            }
            if (ownerChange) {
                transferOwnership(t, uid, now);
            }
        }
        boolean changed = !oldWant.equals(pu.want()) || !oldGiven.equals(pu.given());
        if (!pu.want().isJoiner()) {
            // Self-ban: every session of the user is evicted.
            TopicLeave.evictUser(t, uid, false, null);
            return new Change(oldWant, oldGiven, changed, newSub || changed);
        }
        if (!pu.given().isJoiner()) {
            s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
            return null;
        }
        return new Change(oldWant, oldGiven, changed, newSub || changed);
    }

    /** The new owner took {@code O}: the previous owner loses it in want and given. */
    static void transferOwnership(Topic t, Uid newOwner, Instant now) {
        Uid old = t.rec.owner();
        PerUser prev = t.users.get(old);
        if (prev != null) {
            AccessMode ow = prev.want();
            AccessMode og = prev.given();
            prev.sub = prev.sub.withModes(ow.without(AccessMode.OWNER), og.without(AccessMode.OWNER), now);
            t.saveSub(prev);
            Presence.subChanged(t, old, newOwner, false, new Change(ow, og, true, true), null);
        }
        TopicRecord r = t.rec.withOwner(newOwner, now);
        t.services.store().updateTopic(r);
        t.rec = r;
    }

    /** An alias tag among {@code tags} already used by another user or topic. */
    static Optional<String> takenAlias(Topic t, List<String> tags, String self) {
        for (String tag : tags) {
            if ("alias".equals(io.github.tinodej.internal.Tags.prefix(tag))) {
                Optional<String> owner = t.services.store().findTagOwner(tag);
                if (owner.isPresent() && !owner.get().equals(self)) {
                    return Optional.of(tag);
                }
            }
        }
        return Optional.empty();
    }

    /** 303 "use other" with the name to use. */
    private static final class JsonObjectHolder {
        static void useOther(ClientSession s, String id, String topic, String name, Instant now) {
            com.google.gson.JsonObject p = new com.google.gson.JsonObject();
            p.addProperty("topic", name);
            s.reply(id, topic, p, Ctrl.USE_OTHER, now);
        }
    }
}

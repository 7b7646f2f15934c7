package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's {@code me} topic: the account's description, tags and subscription list. It owns the
 * user record while loaded, so every change to the user goes through this actor. Gets and sets are
 * answered by {@link MeMeta}, what others hear of the user by {@link MePresence}.
 */
final class MeTopic extends SelfTopic {
    private static final String ME = "me";

    User user;
    final MePresence presence = new MePresence(this);

    MeTopic(Services services, Hub hub, Uid uid) {
        super(services, hub, uid, uid.userId(), ME);
    }

    @Override
    void load() {
        user = services.store().getUser(uid)
                .orElseThrow(() -> new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + uid));
        // The user's own subscription to 'me' is among theirs: one query for both.
        Subscription own = null;
        for (Subscription sub : services.store().getUserSubscriptions(uid)) {
            if (sub.topic().equals(name)) {
                own = sub;
            } else if (sub.deleted() == null && (sub.topic().startsWith("p2p") || sub.topic().startsWith("grp")
                    || sub.topic().startsWith("chn"))) {
                presence.contactAdded(clientName(sub.topic()), sub.mode().isPresencer());
            }
        }
        loadSelf(own);
        hub.online.setIncognito(uid, !visible());
    }

    /** False while the user is incognito: P taken out of the wanted mode of their own 'me'. */
    boolean visible() {
        return self.mode().isPresencer();
    }

    // ---- attaching and leaving ----

    @Override
    void attaching(ClientSession s) {
        hub.online.meAttached(uid, s);
    }

    @Override
    void attached(ClientSession s, Instant now) {
        presence.sessionAttached(s);
    }

    @Override
    void detached(ClientSession s, Instant now) {
        hub.online.meDetached(uid, s);
        user = user.withLastSeen(now, s.userAgent());
        services.store().updateLastSeen(uid, now, s.userAgent());
    }

    @Override
    public void handleDel(ClientSession s, ClientMessage.Del del, Instant now) {
        if ("cred".equals(del.what)) {
            MeCreds.del(this, s, del, now);
            return;
        }
        // 'me' has no messages to delete, no owner and no members.
        s.reply(del.id, ME, null, Ctrl.PERMISSION_DENIED, now);
    }

    // ---- get and set ----

    @Override
    int detachedGetMask() {
        // As Go's hub answers for a topic the session has not attached to.
        return What.DESC | What.SUB;
    }

    @Override
    void answerGet(ClientSession s, MetaQuery q, int what, boolean embedded, Instant now) {
        What.each(what, embedded ? What.SUB_GET_ORDER : What.GET_ORDER, w -> MeMeta.getOne(this, s, q, w, now));
    }

    @Override
    public void handleSet(ClientSession s, ClientMessage.Set set, Instant now) {
        MeMeta.set(this, s, set, now);
    }

    // ---- names ----

    Uid peerOf(String p2p) {
        Uid[] pair = Names.p2pUsers(p2p);
        return pair == null ? Uid.ZERO : pair[0].equals(uid) ? pair[1] : pair[0];
    }

    /** The name this user sees for a stored topic name. */
    String clientName(String stored) {
        if (stored.startsWith("p2p")) {
            return peerOf(stored).userId();
        }
        if (stored.startsWith("slf")) {
            return "slf";
        }
        return stored;
    }

    // ---- events from other actors ----

    /** A session of this user made a request: its client becomes the user's current one. */
    void active(ClientSession s) {
        presence.active(s);
    }

    void contactAdded(String topic, boolean presence) {
        this.presence.contactAdded(topic, presence);
    }

    void contactRemoved(String topic) {
        presence.contactRemoved(topic);
    }

    @Override
    void unloaded() {
        presence.unloaded(user.userAgent());
        hub.online.setIncognito(uid, false);
        hub.latestUa(uid, null);
    }

    /** Swaps the user's tag in a namespace (after a login change). */
    void replaceTag(String namespace, String tag) {
        List<String> tags = new ArrayList<>();
        for (String t : user.tags()) {
            if (!namespace.equals(Tags.prefix(t))) {
                tags.add(t);
            }
        }
        tags.add(tag);
        tags.sort(null);
        if (tags.equals(user.tags())) {
            return;
        }
        user = user.withTags(tags, services.now());
        services.store().updateUser(user);
        presToOthers(null, "tags", null);
    }

    /**
     * Adds and removes tags (credential tags such as {@code email:alice@example.com}) and tells the
     * user's other sessions. Returns true if the tags changed.
     */
    boolean changeTags(List<String> add, List<String> remove) {
        java.util.TreeSet<String> tags = new java.util.TreeSet<>(user.tags());
        tags.addAll(add);
        tags.removeAll(remove);
        List<String> out = new ArrayList<>(tags);
        if (out.equals(user.tags())) {
            return false;
        }
        user = user.withTags(out, services.now());
        services.store().updateUser(user);
        presToOthers(null, "tags", null);
        return true;
    }

    /** {@code {pres topic:"me"}} to the user's sessions attached to {@code me}, except {@code except}. */
    void presToOthers(ClientSession except, String what, String src) {
        JsonObject p = new JsonObject();
        p.addProperty("topic", ME);
        if (src != null) {
            p.addProperty("src", src);
        }
        p.addProperty("what", what);
        String frame = services.frames().pres(p);
        for (ClientSession a : attached) {
            if (a != except) {
                a.send(frame);
            }
        }
    }
}

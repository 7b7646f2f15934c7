package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Engine;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.internal.session.Session;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's {@code me} topic: the account's description, tags and subscription list. It owns the
 * user record while loaded, so every change to the user goes through this actor.
 */
final class MeTopic extends TopicActor implements Handlers {
    private static final String ME = "me";
    private static final AccessMode SELF = AccessMode.parse("JPS");

    private final Uid uid;
    private User user;
    private Subscription self;

    MeTopic(Engine engine, Hub hub, Uid uid) {
        super(engine, hub, uid.userId());
        this.uid = uid;
    }

    @Override
    void load() {
        user = engine.store().getUser(uid)
                .orElseThrow(() -> new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + uid));
        self = engine.store().getSubscription(name, uid).orElse(null);
        if (self == null) {
            Instant now = engine.now();
            self = new Subscription(name, uid, now, now, null, SELF, SELF, null, 0, 0, 0);
            engine.store().upsertSubscription(self);
        }
    }

    // ---- sub / leave ----

    @Override
    public void handleSub(Session s, ClientMessage.Sub sub, Instant now) {
        if (attached.contains(s)) {
            s.reply(sub.id, ME, null, Ctrl.ALREADY_SUBSCRIBED, now);
            return;
        }
        attached.add(s);
        s.topicAttached(name);
        s.reply(sub.id, ME, null, Ctrl.OK, now);
        if (sub.get != null) {
            int what = What.parse(sub.get.what);
            ClientMessage.Get g = new ClientMessage.Get();
            g.id = sub.id;
            g.topic = ME;
            g.what = sub.get.what;
            g.desc = sub.get.desc;
            g.sub = sub.get.sub;
            g.data = sub.get.data;
            g.del = sub.get.del;
            // A {sub} answers its embedded get in the order desc, sub, tags, cred, aux, data, del.
            int[] order = {What.DESC, What.SUB, What.TAGS, What.CRED, What.AUX, What.DATA, What.DEL};
            for (int w : order) {
                if ((what & w) != 0) {
                    getOne(s, g, w, now);
                }
            }
        }
    }

    @Override
    public void handleLeave(Session s, ClientMessage.Leave leave, Instant now) {
        if (Boolean.TRUE.equals(leave.unsub)) {
            s.reply(leave.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (!attached.remove(s)) {
            s.reply(leave.id, ME, null, Ctrl.NOT_JOINED, now);
            return;
        }
        s.topicDetached(name);
        recordLastSeen(s, now);
        s.reply(leave.id, ME, null, Ctrl.OK, now);
    }

    @Override
    public void detach(Session s) {
        if (attached.remove(s)) {
            recordLastSeen(s, engine.now());
        }
    }

    private void recordLastSeen(Session s, Instant now) {
        user = user.withLastSeen(now, s.userAgent());
        engine.store().updateUser(user);
    }

    @Override
    public void handlePub(Session s, ClientMessage m, Instant now) {
        s.reply(m.pub.id, ME, null, attached.contains(s) ? Ctrl.PERMISSION_DENIED : Ctrl.ATTACH_FIRST, now);
    }

    @Override
    public void handleDel(Session s, ClientMessage.Del del, Instant now) {
        // Account deletion and credentials arrive with later work.
        s.reply(del.id, ME, null, Ctrl.NOT_IMPLEMENTED, now);
    }

    // ---- get ----

    @Override
    public void handleGet(Session s, ClientMessage.Get get, Instant now) {
        int what = What.parse(get.what);
        if (what == 0) {
            s.reply(get.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!attached.contains(s) && (what & (What.DESC | What.SUB)) == 0) {
            s.reply(get.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        int[] order = {What.DESC, What.SUB, What.DATA, What.DEL, What.TAGS, What.CRED, What.AUX};
        for (int w : order) {
            if ((what & w) != 0) {
                getOne(s, get, w, now);
            }
        }
    }

    private void getOne(Session s, ClientMessage.Get get, int what, Instant now) {
        Frames f = engine.frames();
        switch (what) {
            case What.DESC -> replyDesc(s, get, now);
            case What.SUB -> replySubs(s, get, now);
            case What.TAGS -> {
                if (user.tags().isEmpty()) {
                    s.reply(get.id, ME, Frames.what("tags"), Ctrl.NO_CONTENT, now);
                } else {
                    JsonArray a = new JsonArray();
                    user.tags().forEach(a::add);
                    s.send(f.meta(get.id, ME, now, "tags", a));
                }
            }
            case What.CRED -> s.reply(get.id, ME, Frames.what("creds"), Ctrl.NO_CONTENT, now);
            case What.DATA -> s.reply(get.id, ME, Frames.what("data"), Ctrl.NO_CONTENT, now);
            case What.DEL -> s.reply(get.id, ME, Frames.what("del"), Ctrl.NO_CONTENT, now);
            case What.AUX -> s.reply(get.id, ME, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            default -> throw new IllegalArgumentException("what " + what);
        }
    }

    private void replyDesc(Session s, ClientMessage.Get get, Instant now) {
        ClientMessage.GetOpts o = get.desc;
        if (o != null && (o.user != null && !o.user.isEmpty() || o.limit != null && o.limit != 0)) {
            s.reply(get.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        Instant ims = null;
        if (o != null && o.ims != null) {
            try {
                ims = WireTime.parse(o.ims);
            } catch (IllegalArgumentException e) {
                s.reply(get.id, ME, null, Ctrl.MALFORMED, now);
                return;
            }
        }
        boolean changed = ims == null || ims.isBefore(user.updated());
        JsonObject d = new JsonObject();
        if (ims == null) {
            Descs.time(d, "created", user.created());
        }
        Descs.time(d, "updated", user.updated());
        // 'me' has no messages; Tinode reports its update time as touched for non-readers.
        Descs.time(d, "touched", user.updated());
        if (s.authLevel() == AuthLevel.ROOT) {
            d.addProperty("state", user.state().wireName());
        }
        d.add("defacs", Descs.defacs(user.access()));
        d.add("acs", Descs.acs(self.want(), self.given()));
        if (changed) {
            Descs.add(d, "public", user.publicJson());
            Descs.add(d, "trusted", user.trustedJson());
            Descs.add(d, "private", self.privateJson());
        }
        s.send(engine.frames().meta(get.id, ME, now, "desc", d));
    }

    private void replySubs(Session s, ClientMessage.Get get, Instant now) {
        List<Subscription> subs = new ArrayList<>();
        String fnd = "fnd" + uid.encoded();
        for (Subscription sub : engine.store().getUserSubscriptions(uid)) {
            if (sub.deleted() == null && !sub.topic().equals(name) && !sub.topic().equals(fnd)) {
                subs.add(sub);
            }
        }
        if (subs.isEmpty()) {
            s.reply(get.id, ME, Frames.what("sub"), Ctrl.NO_CONTENT, now);
            return;
        }
        JsonArray a = new JsonArray();
        for (Subscription sub : subs) {
            JsonObject e = new JsonObject();
            e.addProperty("topic", sub.topic());
            Descs.time(e, "updated", sub.updated());
            e.add("acs", Descs.acs(sub.want(), sub.given()));
            Descs.add(e, "private", sub.privateJson());
            a.add(e);
        }
        s.send(engine.frames().meta(get.id, ME, now, "sub", a));
    }

    // ---- set ----

    @Override
    public void handleSet(Session s, ClientMessage.Set set, Instant now) {
        boolean any = set.desc != null || set.sub != null || set.tags != null || set.cred != null || set.aux != null;
        if (!any) {
            s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        boolean isAttached = attached.contains(s);
        if (!isAttached && (set.tags != null || set.cred != null || set.aux != null)) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (set.desc != null) {
            setDesc(s, set, now);
        }
        if (set.sub != null) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
        }
        if (set.tags != null) {
            setTags(s, set, now);
        }
        if (set.cred != null) {
            // No credential validators are configured yet.
            s.reply(set.id, ME, null, Ctrl.NOT_IMPLEMENTED, now);
        }
        if (set.aux != null) {
            s.reply(set.id, ME, null, Ctrl.OPERATION_NOT_ALLOWED, now);
        }
    }

    private void setDesc(Session s, ClientMessage.Set set, Instant now) {
        ClientMessage.SetDesc d = set.desc;
        if (d.trusted != null && !d.trusted.isJsonNull() && s.authLevel() != AuthLevel.ROOT) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        User next = user;
        boolean common = false;
        if (d.defacs != null) {
            DefaultAccess a;
            try {
                a = maskDefacs(d.defacs, user.access());
            } catch (IllegalArgumentException e) {
                s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
                return;
            }
            if (!a.equals(user.access())) {
                next = next.withAccess(a, now);
                common = true;
            }
        }
        JsonValues.Merge pub = JsonValues.merge(user.publicJson(), d.pub);
        if (pub.changed()) {
            next = next.withPublic(pub.json(), now);
            common = true;
        }
        JsonValues.Merge trusted = JsonValues.merge(user.trustedJson(), d.trusted);
        if (trusted.changed()) {
            next = next.withTrusted(trusted.json(), now);
            common = true;
        }
        JsonValues.Merge priv = JsonValues.merge(self.privateJson(), d.priv);
        if (!common && !priv.changed()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        if (common) {
            engine.store().updateUser(next);
            user = next;
        }
        if (priv.changed()) {
            Subscription ns = self.withPrivate(priv.json(), now);
            engine.store().upsertSubscription(ns);
            self = ns;
        }
        // The user's other sessions learn about the change (Tinode's presSingleUserOffline).
        presToOthers(s, "upd", "me");
        s.reply(set.id, ME, null, Ctrl.OK, now);
    }

    /** Tinode masks a user's defacs on {@code {set me}}: auth to JRWPAS, anon to the p2p maximum, A added. */
    private DefaultAccess maskDefacs(ClientMessage.DefAcs d, DefaultAccess cur) {
        AccessMode auth = cur.auth();
        AccessMode anon = cur.anon();
        AccessMode a = AccessMode.parse(d.auth);
        AccessMode n = AccessMode.parse(d.anon);
        if (a.isOwner() || n.isOwner()) {
            throw new IllegalArgumentException("owner in default access");
        }
        if (!a.isUnset()) {
            a = a.and(AccessMode.parse("JRWPAS"));
            auth = a.value() == 0 ? AccessMode.NONE : a.with(AccessMode.APPROVE);
        }
        if (!n.isUnset()) {
            n = n.and(AccessMode.parse(engine.config().limits().p2pDeleteEnabled() ? "JRWPAD" : "JRWPA"));
            anon = n.value() == 0 ? AccessMode.NONE : n.with(AccessMode.APPROVE);
        }
        return new DefaultAccess(auth, anon);
    }

    private void setTags(Session s, ClientMessage.Set set, Instant now) {
        List<String> tags = Tags.normalize(set.tags, engine.config().limits().maxTagCount());
        if (tags == null || tags.isEmpty()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        List<String> restricted = engine.restrictedTagNamespaces();
        if (!restrictedEqual(user.tags(), tags, restricted)) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        List<String> added = new ArrayList<>();
        for (String t : tags) {
            // On 'me' only prefixed additions count as a change (Tinode quirk, protocol.md 8.1).
            if (!user.tags().contains(t) && Tags.prefix(t) != null) {
                added.add(t);
            }
        }
        List<String> removed = new ArrayList<>();
        for (String t : user.tags()) {
            if (!tags.contains(t)) {
                removed.add(t);
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        User next = user.withTags(tags, now);
        engine.store().updateUser(next);
        user = next;
        presToOthers(s, "tags", null);
        JsonObject p = new JsonObject();
        if (!added.isEmpty()) {
            p.addProperty("added", added.size());
        }
        if (!removed.isEmpty()) {
            p.addProperty("removed", removed.size());
        }
        s.reply(set.id, ME, p, Ctrl.OK, now);
    }

    private static boolean restrictedEqual(List<String> a, List<String> b, List<String> ns) {
        List<String> ra = a.stream().filter(t -> Tags.inNamespaces(t, ns)).sorted().toList();
        List<String> rb = b.stream().filter(t -> Tags.inNamespaces(t, ns)).sorted().toList();
        return ra.equals(rb);
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
        user = user.withTags(tags, engine.now());
        engine.store().updateUser(user);
        presToOthers(null, "tags", null);
    }

    /** {@code {pres topic:"me"}} to the user's sessions attached to {@code me}, except {@code except}. */
    private void presToOthers(Session except, String what, String src) {
        JsonObject p = new JsonObject();
        p.addProperty("topic", ME);
        if (src != null) {
            p.addProperty("src", src);
        }
        p.addProperty("what", what);
        String frame = engine.frames().pres(p);
        for (Session a : attached) {
            if (a != except) {
                a.send(frame);
            }
        }
    }
}

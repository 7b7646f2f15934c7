package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Attachments;
import io.github.tinodej.internal.Services;
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
    /** Tinode debounces user-agent changes for 5 s before telling contacts. */
    private static final long UA_DEBOUNCE_MS = 5000;
    private String currentUa = "";
    private String pendingUa;
    private io.github.tinodej.server.Scheduler.Cancellable uaTimer;
    /** True once "on" was announced to contacts; "off" follows when the topic unloads. */
    private boolean online;
    /** The user's topics as they name them, with whether the user wants presence from each. */
    private final java.util.Map<String, Boolean> contacts = new java.util.HashMap<>();

    MeTopic(Services services, Hub hub, Uid uid) {
        super(services, hub, uid.userId());
        this.uid = uid;
    }

    @Override
    void load() {
        user = services.store().getUser(uid)
                .orElseThrow(() -> new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + uid));
        for (Subscription sub : services.store().getUserSubscriptions(uid)) {
            if (sub.deleted() == null && (sub.topic().startsWith("p2p") || sub.topic().startsWith("grp")
                    || sub.topic().startsWith("chn"))) {
                contacts.put(clientName(sub.topic()), sub.mode().isPresencer());
            }
        }
        self = services.store().getSubscription(name, uid).orElse(null);
        if (self == null) {
            Instant now = services.now();
            self = new Subscription(name, uid, now, now, null, SELF, SELF, null, 0, 0, 0);
            services.store().upsertSubscription(self);
        }
        hub.online.setIncognito(uid, !visible());
    }

    /** False while the user is incognito: P taken out of the wanted mode of their own 'me'. */
    private boolean visible() {
        return self.mode().isPresencer();
    }

    // ---- sub / leave ----

    @Override
    public void handleSub(ClientSession s, ClientMessage.Sub sub, Instant now) {
        if (attached.contains(s)) {
            s.reply(sub.id, ME, null, Ctrl.ALREADY_SUBSCRIBED, now);
            return;
        }
        attached.add(s);
        s.topicAttached(name);
        hub.online.meAttached(uid, s);
        s.reply(sub.id, ME, null, Ctrl.OK, now);
        if (!online) {
            online = true;
            currentUa = s.userAgent();
            hub.online.latestUa(uid, currentUa);
            // An incognito user still learns which contacts are online; they do not learn of it.
            announce("on", s.userAgent(), visible(), true);
        } else if (!s.userAgent().equals(currentUa)) {
            uaChanged(s.userAgent());
        }
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
    public void handleLeave(ClientSession s, ClientMessage.Leave leave, Instant now) {
        if (Boolean.TRUE.equals(leave.unsub)) {
            s.reply(leave.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (!attached.remove(s)) {
            s.reply(leave.id, ME, null, Ctrl.NOT_JOINED, now);
            return;
        }
        s.topicDetached(name);
        hub.online.meDetached(uid, s);
        recordLastSeen(s, now);
        s.reply(leave.id, ME, null, Ctrl.OK, now);
    }

    @Override
    public void detach(ClientSession s) {
        if (attached.remove(s)) {
            hub.online.meDetached(uid, s);
            recordLastSeen(s, services.now());
        }
    }

    private void recordLastSeen(ClientSession s, Instant now) {
        user = user.withLastSeen(now, s.userAgent());
        services.store().updateUser(user);
    }

    @Override
    public void handlePub(ClientSession s, ClientMessage m, Instant now) {
        s.reply(m.pub.id, ME, null, attached.contains(s) ? Ctrl.PERMISSION_DENIED : Ctrl.ATTACH_FIRST, now);
    }

    @Override
    public void handleDel(ClientSession s, ClientMessage.Del del, Instant now) {
        // As Go answers on 'me': a credential of a method with no validator is malformed (none is
        // configured yet); 'me' has no messages to delete, no owner and no members.
        s.reply(del.id, ME, null, "cred".equals(del.what) ? Ctrl.MALFORMED : Ctrl.PERMISSION_DENIED, now);
    }

    // ---- get ----

    @Override
    public void handleGet(ClientSession s, ClientMessage.Get get, Instant now) {
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

    private void getOne(ClientSession s, ClientMessage.Get get, int what, Instant now) {
        Frames f = services.frames();
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

    private void replyDesc(ClientSession s, ClientMessage.Get get, Instant now) {
        Instant ims;
        try {
            ims = Queries.descIms(get.desc);
        } catch (IllegalArgumentException e) {
            s.reply(get.id, ME, null, Ctrl.MALFORMED, now);
            return;
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
        s.send(services.frames().meta(get.id, ME, now, "desc", d));
    }

    private void replySubs(ClientSession s, ClientMessage.Get get, Instant now) {
        ClientMessage.GetOpts o = get.sub;
        Instant ims;
        try {
            ims = Queries.ims(o);
        } catch (IllegalArgumentException e) {
            s.reply(get.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        String only = null;
        if (o != null && o.topic != null && !o.topic.isEmpty()) {
            Uid peer = Uid.parseUserId(o.topic);
            only = peer.isValid() ? Names.p2p(uid, peer) : "slf".equals(o.topic) ? "slf" + uid.encoded() : o.topic;
        }
        int limit = o == null ? 1024 : Bounds.limit(o.limit, 1024);
        String fnd = "fnd" + uid.encoded();
        List<Subscription> subs = new ArrayList<>();
        for (Subscription sub : services.store().getUserSubscriptions(uid)) {
            if (sub.topic().equals(name) || sub.topic().equals(fnd)) {
                continue;
            }
            if (only != null && !sub.topic().equals(only)) {
                continue;
            }
            if (sub.deleted() != null && (ims == null || !sub.deleted().isAfter(ims))) {
                continue;
            }
            subs.add(sub);
            if (ims == null && subs.size() >= limit) {
                break;
            }
        }
        java.util.Map<String, io.github.tinodej.model.TopicRecord> topics = new java.util.HashMap<>();
        for (io.github.tinodej.model.TopicRecord t : services.store().getTopics(subs.stream()
                .map(x -> x.topic().startsWith("chn") ? Names.grp(x.topic()) : x.topic()).toList())) {
            topics.put(t.name(), t);
        }
        java.util.Map<Uid, User> peers = new java.util.HashMap<>();
        for (User u : services.store().getUsers(subs.stream().filter(x -> x.topic().startsWith("p2p"))
                .map(x -> peerOf(x.topic())).toList())) {
            peers.put(u.uid(), u);
        }
        JsonArray a = new JsonArray();
        for (Subscription sub : subs) {
            String stored = sub.topic().startsWith("chn") ? Names.grp(sub.topic()) : sub.topic();
            io.github.tinodej.model.TopicRecord t = topics.get(stored);
            if (t == null) {
                continue;
            }
            User peer = sub.topic().startsWith("p2p") ? peers.get(peerOf(sub.topic())) : null;
            Instant updated = later(sub.updated(), peer != null ? peer.updated() : t.updated());
            if (ims != null && sub.deleted() == null && !updated.isAfter(ims)) {
                continue;
            }
            JsonObject e = new JsonObject();
            boolean deleted = sub.deleted() != null;
            AccessMode mode = sub.mode();
            Descs.time(e, "updated", updated);
            if (deleted) {
                Descs.time(e, "deleted", sub.deleted());
            }
            boolean isOnline = !deleted && mode.isPresencer() && (peer != null ? hub.online.isOnline(peer.uid())
                    : sub.topic().startsWith("grp") && hub.online.isGroupOnline(sub.topic()));
            if (isOnline) {
                e.addProperty("online", true);
            }
            e.add("acs", Descs.acs(sub.want(), sub.given()));
            boolean active = !deleted && mode.isJoiner();
            if (active && mode.isReader()) {
                if (sub.readSeq() > 0) {
                    e.addProperty("read", sub.readSeq());
                }
                int recv = Math.max(sub.recvSeq(), sub.readSeq());
                if (recv > 0) {
                    e.addProperty("recv", recv);
                }
            }
            if (!deleted && (ims == null || updated.isAfter(ims))) {
                Descs.add(e, "public", peer != null ? peer.publicJson() : t.publicJson());
                Descs.add(e, "trusted", peer != null ? peer.trustedJson() : t.trustedJson());
                Descs.add(e, "private", sub.privateJson());
            }
            e.addProperty("topic", clientName(sub.topic()));
            if (active) {
                if (mode.isReader()) {
                    Descs.time(e, "touched", t.touched());
                    if (t.seqId() > 0) {
                        e.addProperty("seq", t.seqId());
                    }
                    int clear = Math.max(sub.delId(), t.delId());
                    if (clear > 0) {
                        e.addProperty("clear", clear);
                    }
                } else {
                    Descs.time(e, "touched", sub.updated());
                }
                if (peer != null && !isOnline && peer.lastSeen() != null) {
                    e.add("seen", Descs.seen(peer));
                }
            }
            a.add(e);
        }
        if (a.isEmpty()) {
            s.reply(get.id, ME, Frames.what("sub"), Ctrl.NO_CONTENT, now);
            return;
        }
        s.send(services.frames().meta(get.id, ME, now, "sub", a));
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private Uid peerOf(String p2p) {
        Uid[] pair = Names.p2pUsers(p2p);
        return pair == null ? Uid.ZERO : pair[0].equals(uid) ? pair[1] : pair[0];
    }

    /** The name this user sees for a stored topic name. */
    private String clientName(String stored) {
        if (stored.startsWith("p2p")) {
            return peerOf(stored).userId();
        }
        if (stored.startsWith("slf")) {
            return "slf";
        }
        return stored;
    }

    // ---- presence ----

    /** A session with another client attached: after the debounce, online contacts hear "ua". */
    private void uaChanged(String ua) {
        pendingUa = ua;
        hub.online.latestUa(uid, ua);
        if (uaTimer != null) {
            uaTimer.cancel();
        }
        uaTimer = services.schedule(() -> event(this::flushUa, () -> { }), java.time.Duration.ofMillis(UA_DEBOUNCE_MS));
    }

    private void flushUa() {
        uaTimer = null;
        if (pendingUa != null && online && !pendingUa.equals(currentUa)) {
            currentUa = pendingUa;
            if (visible()) {
                announce("ua", currentUa, true, false);
            }
        }
        pendingUa = null;
    }

    /** A session of this user made a request: its client becomes the user's current one. */
    void active(ClientSession s) {
        if (attached.contains(s) && online && !s.userAgent().equals(pendingUa != null ? pendingUa : currentUa)) {
            uaChanged(s.userAgent());
        }
    }

    void contactAdded(String topic, boolean presence) {
        contacts.put(topic, presence);
    }

    void contactRemoved(String topic) {
        contacts.remove(topic);
    }

    @Override
    void unloaded() {
        if (online) {
            online = false;
            if (visible()) {
                announce("off", user.userAgent(), true, false);
            }
        }
        hub.online.setIncognito(uid, false);
        hub.online.latestUa(uid, null);
    }

    /**
     * Tells online p2p contacts that this user came online or went offline, and (when coming
     * online) tells this user which of them are online; each side only hears from contacts its
     * own mode grants {@code P} for.
     */
    private void announce(String what, String ua, boolean toContacts, boolean toSelf) {
        for (java.util.Map.Entry<String, Boolean> c : contacts.entrySet()) {
            if (("upd".equals(what) || "ua".equals(what)) && c.getKey().startsWith("grp")) {
                // Members attached to a loaded group hear it there (Tinode's presUsersOfInterest),
                // if this user takes presence from the group.
                if (c.getValue()) {
                    hub.toLoadedTopic(c.getKey(), t -> t.memberChanged(uid, what, ua));
                }
                continue;
            }
            if (toSelf && "on".equals(what) && c.getValue() && c.getKey().startsWith("grp")
                    && hub.online.isGroupOnline(c.getKey())) {
                JsonObject g = new JsonObject();
                g.addProperty("topic", ME);
                g.addProperty("src", c.getKey());
                g.addProperty("what", "on");
                String frame = services.frames().pres(g);
                attached.forEach(x -> x.send(frame));
                continue;
            }
            Uid peer = Uid.parseUserId(c.getKey());
            if (!peer.isValid() || hub.meSessions(peer).isEmpty()) {
                continue;
            }
            boolean peerWants = toContacts && services.store().getSubscription(Names.p2p(uid, peer), peer)
                    .map(x -> x.deleted() == null && x.mode().isPresencer()).orElse(false);
            if (peerWants) {
                JsonObject p = new JsonObject();
                p.addProperty("topic", ME);
                p.addProperty("src", uid.userId());
                p.addProperty("what", what);
                if (ua != null && !ua.isEmpty()) {
                    p.addProperty("ua", ua);
                }
                String frame = services.frames().pres(p);
                hub.meSessions(peer).forEach(x -> x.send(frame));
            }
            if (toSelf && "on".equals(what) && c.getValue() && hub.online.isOnline(peer)) {
                JsonObject back = new JsonObject();
                back.addProperty("topic", ME);
                back.addProperty("src", peer.userId());
                back.addProperty("what", "on");
                String frame = services.frames().pres(back);
                attached.forEach(x -> x.send(frame));
            }
        }
    }

    // ---- set ----

    @Override
    public void handleSet(ClientSession s, ClientMessage.Set set, Instant now) {
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
            setSub(s, set, now);
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

    private void setDesc(ClientSession s, ClientMessage.Set set, Instant now) {
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
            services.store().updateUser(next);
            user = next;
            Attachments.linkDescription(services.config().media(), services.store(), uid, uid.userId(), set.attachments, false);
        }
        if (priv.changed()) {
            Subscription ns = self.withPrivate(priv.json(), now);
            services.store().upsertSubscription(ns);
            self = ns;
        }
        // The user's other sessions learn about the change (Tinode's presSingleUserOffline).
        presToOthers(s, "upd", "me");
        if (common) {
            announce("upd", null, true, false);
        }
        s.reply(set.id, ME, null, Ctrl.OK, now);
    }

    /**
     * {@code {set topic:"me" sub:{mode}}}: the user's wanted mode on their own 'me'. Taking P out is
     * TinodeWeb's incognito setting: contacts see the user go offline and no longer see them
     * online; putting it back shows them online again. Go also stops delivering every {@code pres}
     * to an incognito user's own sessions; here the user keeps receiving them (unread counts and
     * contacts' status keep working), only their own status is hidden.
     */
    private void setSub(ClientSession s, ClientMessage.Set set, Instant now) {
        if (set.sub.user != null && !set.sub.user.isEmpty() && !set.sub.user.equals(uid.userId())) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (set.sub.mode == null || set.sub.mode.isEmpty()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        AccessMode want;
        try {
            want = AccessMode.parse(set.sub.mode);
        } catch (IllegalArgumentException e) {
            s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        if (want.isOwner()) {
            // 'me' has no owner.
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        AccessMode oldWant = self.want();
        if (want.equals(oldWant)) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        boolean wasVisible = visible();
        self = self.withModes(want, self.given(), now);
        services.store().upsertSubscription(self);
        hub.online.setIncognito(uid, !visible());
        if (online && wasVisible != visible()) {
            announce(visible() ? "on" : "off", currentUa, true, false);
        }
        JsonObject own = new JsonObject();
        own.addProperty("topic", ME);
        own.addProperty("what", "acs");
        own.add("dacs", Presence.dacs(oldWant, self.given(), want, self.given()));
        String frame = services.frames().pres(own);
        for (ClientSession a : attached) {
            if (a != s) {
                a.send(frame);
            }
        }
        JsonObject p = new JsonObject();
        p.add("acs", Descs.acs(self.want(), self.given()));
        s.reply(set.id, ME, p, Ctrl.OK, now);
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
            n = n.and(AccessMode.parse(services.config().limits().p2pDeleteEnabled() ? "JRWPAD" : "JRWPA"));
            anon = n.value() == 0 ? AccessMode.NONE : n.with(AccessMode.APPROVE);
        }
        return new DefaultAccess(auth, anon);
    }

    private void setTags(ClientSession s, ClientMessage.Set set, Instant now) {
        List<String> tags = Tags.normalize(set.tags, services.config().limits().maxTagCount());
        if (tags == null || tags.isEmpty()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        List<String> restricted = services.restrictedTagNamespaces();
        if (!restrictedEqual(user.tags(), tags, restricted)) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        // Aliases are unique across users and topics (Tinode checks this for groups only; we do both).
        if (tags.stream().filter(t -> "alias".equals(Tags.prefix(t))).count() > 1) {
            s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        for (String t : tags) {
            if ("alias".equals(Tags.prefix(t)) && !user.tags().contains(t)) {
                var owner = services.store().findTagOwner(t);
                if (owner.isPresent() && !owner.get().equals(uid.userId())) {
                    s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
                    return;
                }
            }
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
        services.store().updateUser(next);
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
        user = user.withTags(tags, services.now());
        services.store().updateUser(user);
        presToOthers(null, "tags", null);
    }

    /** {@code {pres topic:"me"}} to the user's sessions attached to {@code me}, except {@code except}. */
    private void presToOthers(ClientSession except, String what, String src) {
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

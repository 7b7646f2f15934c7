package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Attachments;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code {get}} and {@code {set}} on {@code me}: the account's description, the user's
 * subscription list, their wanted mode on {@code me} (incognito) and their tags. The {@code me}
 * counterpart of {@link TopicMeta}; runs on the {@code me} actor.
 */
final class MeMeta {
    private static final String ME = "me";

    private MeMeta() {
    }

    /** Answers one part of a get. */
    static void getOne(MeTopic me, ClientSession s, MetaQuery q, int what, Instant now) {
        switch (what) {
            case What.DESC -> desc(me, s, q, now);
            case What.SUB -> subs(me, s, q, now);
            case What.TAGS -> TagsMeta.reply(s, me.services.frames(), q.id(), ME, me.user.tags(), now);
            case What.CRED -> MeCreds.get(me, s, q.id(), now);
            case What.DATA -> s.reply(q.id(), ME, Frames.what("data"), Ctrl.NO_CONTENT, now);
            case What.DEL -> s.reply(q.id(), ME, Frames.what("del"), Ctrl.NO_CONTENT, now);
            case What.AUX -> s.reply(q.id(), ME, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            default -> throw new IllegalArgumentException("what " + what);
        }
    }

    static void set(MeTopic me, ClientSession s, ClientMessage.Set set, Instant now) {
        boolean any = set.desc != null || set.sub != null || set.tags != null || set.cred != null || set.aux != null;
        if (!any) {
            s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        boolean isAttached = me.attached.contains(s);
        if (!isAttached && (set.tags != null || set.cred != null || set.aux != null)) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (set.desc != null) {
            setDesc(me, s, set, now);
        }
        if (set.sub != null) {
            setSub(me, s, set, now);
        }
        if (set.tags != null) {
            setTags(me, s, set, now);
        }
        if (set.cred != null) {
            MeCreds.set(me, s, set, now);
        }
        if (set.aux != null) {
            s.reply(set.id, ME, null, Ctrl.OPERATION_NOT_ALLOWED, now);
        }
    }

    private static void desc(MeTopic me, ClientSession s, MetaQuery q, Instant now) {
        Instant ims;
        try {
            ims = Queries.descIms(q.desc());
        } catch (IllegalArgumentException e) {
            s.reply(q.id(), ME, null, Ctrl.MALFORMED, now);
            return;
        }
        boolean changed = ims == null || ims.isBefore(me.user.updated());
        JsonObject d = new JsonObject();
        if (ims == null) {
            Descs.time(d, "created", me.user.created());
        }
        Descs.time(d, "updated", me.user.updated());
        // 'me' has no messages; Tinode reports its update time as touched for non-readers.
        Descs.time(d, "touched", me.user.updated());
        if (s.authLevel() == AuthLevel.ROOT) {
            d.addProperty("state", me.user.state().wireName());
        }
        d.add("defacs", Descs.defacs(me.user.access()));
        d.add("acs", Descs.acs(me.self.want(), me.self.given()));
        if (changed) {
            Descs.add(d, "public", me.user.publicJson());
            Descs.add(d, "trusted", me.user.trustedJson());
            Descs.add(d, "private", me.self.privateJson());
        }
        s.send(me.services.frames().meta(q.id(), ME, now, "desc", d));
    }

    private static void subs(MeTopic me, ClientSession s, MetaQuery q, Instant now) {
        ClientMessage.GetOpts o = q.sub();
        Instant ims;
        try {
            ims = Queries.ims(o);
        } catch (IllegalArgumentException e) {
            s.reply(q.id(), ME, null, Ctrl.MALFORMED, now);
            return;
        }
        String only = null;
        if (o != null && o.topic != null && !o.topic.isEmpty()) {
            Uid peer = Uid.parseUserId(o.topic);
            only = peer.isValid() ? Names.p2p(me.uid, peer) : "slf".equals(o.topic) ? "slf" + me.uid.encoded() : o.topic;
        }
        int limit = o == null ? 1024 : Bounds.limit(o.limit, 1024);
        String fnd = "fnd" + me.uid.encoded();
        List<Subscription> subs = new ArrayList<>();
        for (Subscription sub : me.services.store().getUserSubscriptions(me.uid)) {
            if (sub.topic().equals(me.name) || sub.topic().equals(fnd)) {
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
        for (io.github.tinodej.model.TopicRecord t : me.services.store().getTopics(subs.stream()
                .map(x -> x.topic().startsWith("chn") ? Names.grp(x.topic()) : x.topic()).toList())) {
            topics.put(t.name(), t);
        }
        java.util.Map<Uid, User> peers = new java.util.HashMap<>();
        for (User u : me.services.store().getUsers(subs.stream().filter(x -> x.topic().startsWith("p2p"))
                .map(x -> me.peerOf(x.topic())).toList())) {
            peers.put(u.uid(), u);
        }
        JsonArray a = new JsonArray();
        for (Subscription sub : subs) {
            String stored = sub.topic().startsWith("chn") ? Names.grp(sub.topic()) : sub.topic();
            io.github.tinodej.model.TopicRecord t = topics.get(stored);
            if (t == null) {
                continue;
            }
            User peer = sub.topic().startsWith("p2p") ? peers.get(me.peerOf(sub.topic())) : null;
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
            boolean isOnline = !deleted && mode.isPresencer() && (peer != null ? me.hub.online.isOnline(peer.uid())
                    : sub.topic().startsWith("grp") && me.hub.online.isGroupOnline(sub.topic()));
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
            e.addProperty("topic", me.clientName(sub.topic()));
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
            s.reply(q.id(), ME, Frames.what("sub"), Ctrl.NO_CONTENT, now);
            return;
        }
        s.send(me.services.frames().meta(q.id(), ME, now, "sub", a));
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private static void setDesc(MeTopic me, ClientSession s, ClientMessage.Set set, Instant now) {
        ClientMessage.SetDesc d = set.desc;
        if (d.trusted != null && !d.trusted.isJsonNull() && s.authLevel() != AuthLevel.ROOT) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        User next = me.user;
        boolean common = false;
        if (d.defacs != null) {
            DefaultAccess a;
            try {
                a = maskDefacs(me.services, d.defacs, me.user.access());
            } catch (IllegalArgumentException e) {
                s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
                return;
            }
            if (!a.equals(me.user.access())) {
                next = next.withAccess(a, now);
                common = true;
            }
        }
        JsonValues.Merge pub = JsonValues.merge(me.user.publicJson(), d.pub);
        if (pub.changed()) {
            next = next.withPublic(pub.json(), now);
            common = true;
        }
        JsonValues.Merge trusted = JsonValues.merge(me.user.trustedJson(), d.trusted);
        if (trusted.changed()) {
            next = next.withTrusted(trusted.json(), now);
            common = true;
        }
        JsonValues.Merge priv = JsonValues.merge(me.self.privateJson(), d.priv);
        if (!common && !priv.changed()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        if (common) {
            me.services.store().updateUser(next);
            me.user = next;
            Attachments.linkDescription(me.services.config().media(), me.services.store(), me.uid, me.uid.userId(), set.attachments, false);
        }
        if (priv.changed()) {
            Subscription ns = me.self.withPrivate(priv.json(), now);
            me.services.store().upsertSubscription(ns);
            me.self = ns;
        }
        // The me.user's other sessions learn about the change (Tinode's presSingleUserOffline).
        me.presToOthers(s, "upd", "me");
        if (common) {
            me.presence.descriptionChanged();
        }
        s.reply(set.id, ME, null, Ctrl.OK, now);
    }

    /**
     * {@code {set topic:"me" sub:{mode}}}: the me.user's wanted mode on their own 'me'. Taking P out is
     * TinodeWeb's incognito setting: contacts see the me.user go offline and no longer see them
     * online; putting it back shows them online again. Go also stops delivering every {@code pres}
     * to an incognito me.user's own sessions; here the me.user keeps receiving them (unread counts and
     * contacts' status keep working), only their own status is hidden.
     */
    private static void setSub(MeTopic me, ClientSession s, ClientMessage.Set set, Instant now) {
        if (set.sub.user != null && !set.sub.user.isEmpty() && !set.sub.user.equals(me.uid.userId())) {
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
        AccessMode oldWant = me.self.want();
        if (want.equals(oldWant)) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        boolean wasVisible = me.visible();
        me.self = me.self.withModes(want, me.self.given(), now);
        me.services.store().upsertSubscription(me.self);
        me.hub.online.setIncognito(me.uid, !me.visible());
        me.presence.visibilityChanged(wasVisible);
        JsonObject own = new JsonObject();
        own.addProperty("topic", ME);
        own.addProperty("what", "acs");
        own.add("dacs", Presence.dacs(oldWant, me.self.given(), want, me.self.given()));
        String frame = me.services.frames().pres(own);
        for (ClientSession a : me.attached) {
            if (a != s) {
                a.send(frame);
            }
        }
        JsonObject p = new JsonObject();
        p.add("acs", Descs.acs(me.self.want(), me.self.given()));
        s.reply(set.id, ME, p, Ctrl.OK, now);
    }

    /** Tinode masks a user's defacs on {@code {set me}}: auth to JRWPAS, anon to the p2p maximum, A added. */
    private static DefaultAccess maskDefacs(Services services, ClientMessage.DefAcs d, DefaultAccess cur) {
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

    private static void setTags(MeTopic me, ClientSession s, ClientMessage.Set set, Instant now) {
        List<String> tags = Tags.normalize(set.tags, me.services.config().limits().maxTagCount());
        if (tags == null || tags.isEmpty()) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        List<String> restricted = me.services.restrictedTagNamespaces();
        if (!restrictedEqual(me.user.tags(), tags, restricted)) {
            s.reply(set.id, ME, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        // Aliases are unique across users and topics (Tinode checks this for groups only; we do both).
        if (TagsMeta.severalAliases(tags)) {
            s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
            return;
        }
        for (String t : tags) {
            if ("alias".equals(Tags.prefix(t)) && !me.user.tags().contains(t)) {
                var owner = me.services.store().findTagOwner(t);
                if (owner.isPresent() && !owner.get().equals(me.uid.userId())) {
                    s.reply(set.id, ME, null, Ctrl.MALFORMED, now);
                    return;
                }
            }
        }
        List<String> old = me.user.tags();
        // On 'me' only prefixed additions count as a change (Tinode quirk, protocol.md 8.1).
        long added = tags.stream().filter(t -> !old.contains(t) && Tags.prefix(t) != null).count();
        long removed = old.stream().filter(t -> !tags.contains(t)).count();
        if (added == 0 && removed == 0) {
            s.reply(set.id, ME, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        User next = me.user.withTags(tags, now);
        me.services.store().updateUser(next);
        me.user = next;
        me.presToOthers(s, "tags", null);
        s.reply(set.id, ME, TagsMeta.changeParams(added, removed), Ctrl.OK, now);
    }

    private static boolean restrictedEqual(List<String> a, List<String> b, List<String> ns) {
        List<String> ra = a.stream().filter(t -> Tags.inNamespaces(t, ns)).sorted().toList();
        List<String> rb = b.stream().filter(t -> Tags.inNamespaces(t, ns)).sorted().toList();
        return ra.equals(rb);
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Attachments;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code {get}} and {@code {set}} on group, p2p, slf and sys topics. */
final class TopicMeta {
    private TopicMeta() {
    }

    static void get(Topic t, ClientSession s, ClientMessage.Get get, Instant now) {
        int what = What.parse(get.what);
        if (what == 0) {
            s.reply(get.id, get.topic, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!t.sessions.containsKey(s)) {
            if ((what & (What.DESC | What.SUB)) == 0) {
                s.reply(get.id, get.topic, null, Ctrl.PERMISSION_DENIED, now);
            } else {
                TopicOffline.get(t, s, get, what, now);
            }
            return;
        }
        if (!t.exists() || t.rec.state() == io.github.tinodej.model.ObjectState.DELETED) {
            s.reply(get.id, get.topic, null, t.cat == Topic.Cat.P2P ? Ctrl.NOT_FOUND : Ctrl.TOPIC_NOT_FOUND, now);
            return;
        }
        MetaQuery q = MetaQuery.of(get);
        What.each(what, What.GET_ORDER, w -> one(t, s, q, w, now));
    }

    /** The get embedded in a {@code {sub}}: desc, sub, tags, cred, aux, data, del. */
    static void embeddedGet(Topic t, ClientSession s, ClientMessage.Sub sub, String topic, Instant now) {
        MetaQuery q = MetaQuery.embedded(sub, topic);
        What.each(What.parse(sub.get.what), What.SUB_GET_ORDER, w -> one(t, s, q, w, now));
    }

    private static void one(Topic t, ClientSession s, MetaQuery q, int what, Instant now) {
        String id = q.id();
        String topic = q.topic();
        switch (what) {
            case What.DESC -> desc(t, s, id, topic, q.desc(), now);
            case What.SUB -> subs(t, s, id, topic, q.sub(), now);
            case What.DATA -> TopicMessages.getData(t, s, id, topic, q.data(), now);
            case What.DEL -> TopicMessages.getDel(t, s, id, topic, q.del(), now);
            case What.TAGS -> tags(t, s, id, topic, now);
            case What.CRED -> s.reply(id, topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            case What.AUX -> aux(t, s, id, topic, now);
            default -> throw new IllegalArgumentException("what " + what);
        }
    }

    // ---- desc ----

    static void desc(Topic t, ClientSession s, String id, String topic, ClientMessage.GetOpts o, Instant now) {
        Instant ims;
        try {
            ims = Queries.descIms(o);
        } catch (IllegalArgumentException e) {
            s.reply(id, topic, null, Ctrl.MALFORMED, now);
            return;
        }
        Uid uid = s.uid();
        TopicRecord r = t.rec;
        boolean changed = ims == null || ims.isBefore(r.updated());
        PerUser pu = t.users.get(uid);
        boolean full = pu != null && !pu.deleted();
        AccessMode mode = full ? pu.mode() : AccessMode.NONE;
        JsonObject d = new JsonObject();
        if (ims == null) {
            Descs.time(d, "created", r.created());
        }
        Descs.time(d, "updated", r.updated());
        if (full && !mode.isReader()) {
            Descs.time(d, "touched", r.updated());
        } else if (full && r.touched() != null) {
            Descs.time(d, "touched", r.touched());
        }
        if (full && mode.isPresencer()) {
            if (t.cat == Topic.Cat.GRP && t.anyoneOnline()) {
                d.addProperty("online", true);
            }
        }
        if (t.cat == Topic.Cat.GRP && r.channel()) {
            d.addProperty("chan", true);
        }
        if (full && t.cat == Topic.Cat.P2P && mode.isPresencer()) {
            User peer = t.p2pUsers.get(t.other(uid));
            if (peer != null && peer.lastSeen() != null) {
                // Go reports the last log-off whenever it knows one, online or not.
                d.add("seen", Descs.seen(peer));
            }
        }
        if (t.cat != Topic.Cat.P2P && (full && Presence.sharer(mode) || t.isOwner(uid))) {
            d.add("defacs", Descs.defacs(r.access()));
        } else if (!full && t.cat == Topic.Cat.GRP) {
            // A stranger previews the topic with the mode it would get.
            JsonObject acs = new JsonObject();
            acs.addProperty("mode", t.accessFor(s.authLevel()).toString());
            d.add("acs", acs);
        }
        if (full) {
            d.add("acs", Descs.acs(pu.want(), pu.given()));
            if (mode.isReader()) {
                if (r.seqId() > 0) {
                    d.addProperty("seq", r.seqId());
                }
                int read = pu.sub.readSeq();
                int recv = Math.max(pu.sub.recvSeq(), read);
                if (read > 0) {
                    d.addProperty("read", read);
                }
                if (recv > 0) {
                    d.addProperty("recv", recv);
                }
                int clear = Math.max(pu.sub.delId(), r.delId());
                if (clear > 0) {
                    d.addProperty("clear", clear);
                }
            }
        }
        if (t.cat == Topic.Cat.GRP) {
            int n = t.subscriberCount();
            if (n > 0) {
                d.addProperty("subcnt", n);
            }
        }
        if (changed) {
            if (t.cat == Topic.Cat.P2P) {
                User peer = t.p2pUsers.get(t.other(uid));
                if (peer != null) {
                    Descs.add(d, "public", peer.publicJson());
                    Descs.add(d, "trusted", peer.trustedJson());
                }
            } else {
                Descs.add(d, "public", r.publicJson());
                Descs.add(d, "trusted", r.trustedJson());
            }
            if (full) {
                Descs.add(d, "private", pu.sub.privateJson());
            }
        }
        s.send(t.services.frames().meta(id, topic, now, "desc", d));
    }

    // ---- sub ----

    static void subs(Topic t, ClientSession s, String id, String topic, ClientMessage.GetOpts o, Instant now) {
        if (o != null && (o.since != null && o.since != 0 || o.before != null && o.before != 0)) {
            s.reply(id, topic, null, Ctrl.MALFORMED, now);
            return;
        }
        Instant ims;
        try {
            ims = Queries.ims(o);
        } catch (IllegalArgumentException e) {
            s.reply(id, topic, null, Ctrl.MALFORMED, now);
            return;
        }
        Uid uid = s.uid();
        Attachment att = t.sessions.get(s);
        boolean asChan = att != null && att.asChan();
        Uid filter = null;
        if (o != null && o.user != null && !o.user.isEmpty()) {
            filter = Uid.parseUserId(o.user);
        }
        if (asChan) {
            filter = uid;
        }
        int limit = o == null ? 1024 : Bounds.limit(o.limit, 1024);
        List<PerUser> selected = new ArrayList<>();
        for (PerUser pu : t.users.values()) {
            if (filter != null && !pu.uid.equals(filter)) {
                continue;
            }
            if (pu.isChan && !pu.uid.equals(uid)) {
                continue;
            }
            if (pu.deleted() && (ims == null || !pu.sub.deleted().isAfter(ims))) {
                continue;
            }
            selected.add(pu);
            if (selected.size() >= limit) {
                break;
            }
        }
        if (selected.isEmpty()) {
            s.reply(id, topic, Frames.what("sub"), Ctrl.NO_CONTENT, now);
            return;
        }
        Map<Uid, User> profiles = new HashMap<>();
        if (t.cat == Topic.Cat.GRP) {
            for (User u : t.services.store().getUsers(selected.stream().map(p -> p.uid).toList())) {
                profiles.put(u.uid(), u);
            }
        }
        PerUser me = t.users.get(uid);
        // Go's IsSharer: S, A or O.
        boolean sharer = me != null && Presence.sharer(me.mode());
        JsonArray a = new JsonArray();
        for (PerUser pu : selected) {
            a.add(subEntry(t, pu, uid, profiles.get(pu.uid), ims, sharer));
        }
        s.send(t.services.frames().meta(id, topic, now, "sub", a));
    }

    private static JsonObject subEntry(Topic t, PerUser pu, Uid asker, User profile, Instant ims, boolean sharer) {
        JsonObject e = new JsonObject();
        if (pu.deleted()) {
            Descs.time(e, "deleted", pu.sub.deleted());
            e.addProperty("user", pu.uid.userId());
            e.add("acs", new JsonObject());
            return e;
        }
        AccessMode mode = pu.mode();
        boolean banned = t.cat == Topic.Cat.GRP && !mode.isJoiner();
        Descs.time(e, "updated", pu.sub.updated());
        PerUser me = t.users.get(asker);
        if (t.cat == Topic.Cat.GRP && pu.online > 0 && me != null && me.mode().isPresencer()) {
            e.addProperty("online", true);
        }
        if (sharer || pu.uid.equals(asker) || mode.has(AccessMode.APPROVE)) {
            e.add("acs", Descs.acs(pu.want(), pu.given()));
        } else {
            e.add("acs", new JsonObject());
        }
        if (mode.isReader() && !banned) {
            if (pu.sub.readSeq() > 0) {
                e.addProperty("read", pu.sub.readSeq());
            }
            int recv = Math.max(pu.sub.recvSeq(), pu.sub.readSeq());
            if (recv > 0) {
                e.addProperty("recv", recv);
            }
        }
        boolean sendPubPriv = ims == null || pu.sub.updated().isAfter(ims);
        if (sendPubPriv) {
            if (profile != null) {
                Descs.add(e, "public", profile.publicJson());
                Descs.add(e, "trusted", profile.trustedJson());
            }
            if (pu.uid.equals(asker)) {
                Descs.add(e, "private", pu.sub.privateJson());
            }
        }
        e.addProperty("user", pu.uid.userId());
        if (pu.uid.equals(asker) && mode.isReader() && !banned && pu.sub.delId() > 0) {
            e.addProperty("clear", pu.sub.delId());
        }
        return e;
    }

    // ---- tags, aux ----

    private static void tags(Topic t, ClientSession s, String id, String topic, Instant now) {
        if (t.cat != Topic.Cat.GRP) {
            s.reply(id, topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            return;
        }
        if (!t.isOwner(s.uid())) {
            s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        TagsMeta.reply(s, t.services.frames(), id, topic, t.rec.tags(), now);
    }

    private static void aux(Topic t, ClientSession s, String id, String topic, Instant now) {
        if (t.cat == Topic.Cat.SYS) {
            s.reply(id, topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            return;
        }
        JsonElement aux = JsonValues.tree(t.rec.auxJson());
        if (aux == null || aux.isJsonObject() && aux.getAsJsonObject().size() == 0) {
            s.reply(id, topic, Frames.what("aux"), Ctrl.NO_CONTENT, now);
            return;
        }
        s.send(t.services.frames().meta(id, topic, now, "aux", aux));
    }

    // ---- set ----

    static void set(Topic t, ClientSession s, ClientMessage.Set set, Instant now) {
        boolean any = set.desc != null || set.sub != null || set.tags != null || set.cred != null || set.aux != null;
        if (!any) {
            s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!t.sessions.containsKey(s)) {
            if (set.tags != null || set.cred != null || set.aux != null) {
                s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            } else {
                TopicOffline.set(t, s, set, now);
            }
            return;
        }
        if (!t.exists()) {
            s.reply(set.id, set.topic, null, Ctrl.TOPIC_NOT_FOUND, now);
            return;
        }
        PerUser pu = t.users.get(s.uid());
        if ((pu == null || pu.deleted()) && (set.desc != null || set.tags != null || set.aux != null)) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (set.desc != null) {
            setDesc(t, s, set, now);
        }
        if (set.sub != null) {
            TopicSubs.setSub(t, s, set, now);
        }
        if (set.tags != null) {
            setTags(t, s, set, now);
        }
        if (set.cred != null) {
            s.reply(set.id, set.topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
        }
        if (set.aux != null) {
            setAux(t, s, set, now);
        }
    }

    private static void setDesc(Topic t, ClientSession s, ClientMessage.Set set, Instant now) {
        ClientMessage.SetDesc d = set.desc;
        Uid uid = s.uid();
        boolean wantsCommon = d.defacs != null || notNull(d.pub) || notNull(d.trusted);
        if (notNull(d.trusted) && s.authLevel() != AuthLevel.ROOT) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (wantsCommon && (t.cat == Topic.Cat.P2P || t.cat == Topic.Cat.SLF && d.defacs != null
                || t.cat == Topic.Cat.GRP && !t.isOwner(uid) || t.cat == Topic.Cat.SYS)) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        TopicRecord r = t.rec;
        boolean common = false;
        DefaultAccess access = r.access();
        if (d.defacs != null) {
            try {
                AccessMode auth = AccessMode.parse(d.defacs.auth);
                AccessMode anon = AccessMode.parse(d.defacs.anon);
                if (auth.isOwner() || anon.isOwner()) {
                    throw new IllegalArgumentException("owner");
                }
                access = new DefaultAccess(auth.isUnset() ? access.auth() : auth, anon.isUnset() ? access.anon() : anon);
            } catch (IllegalArgumentException e) {
                s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
                return;
            }
            common = !access.equals(r.access());
        }
        JsonValues.Merge pub = JsonValues.merge(r.publicJson(), d.pub);
        JsonValues.Merge trusted = JsonValues.merge(r.trustedJson(), d.trusted);
        // Members hear "upd" only for what they display (Go's sendCommon): public and trusted.
        boolean announce = pub.changed() || trusted.changed();
        common |= announce;
        PerUser pu = t.users.get(uid);
        JsonValues.Merge priv = JsonValues.merge(pu.sub.privateJson(), d.priv);
        if (!common && !priv.changed()) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        if (common) {
            TopicRecord n = r.withDesc(access, pub.json(), trusted.json(), now);
            t.services.store().updateTopic(n);
            t.rec = n;
            Attachments.linkDescription(t.services.config().media(), t.services.store(), uid, t.name, set.attachments, false);
        }
        if (priv.changed()) {
            pu.sub = pu.sub.withPrivate(priv.json(), now);
            t.saveSub(pu);
        }
        if (announce) {
            Presence.topicUpdated(t, uid, s);
        }
        Presence.ownSubUpdated(t, uid, s);
        s.reply(set.id, set.topic, null, Ctrl.OK, now);
        if (common) {
            // Go's pluginTopic(t, plgActUpd) after a successful description update.
            TopicPlugins.topic(t, io.github.tinodej.plugin.Crud.UPDATE);
        }
    }

    private static boolean notNull(JsonElement e) {
        return e != null && !e.isJsonNull();
    }

    private static void setTags(Topic t, ClientSession s, ClientMessage.Set set, Instant now) {
        if (t.cat != Topic.Cat.GRP) {
            s.reply(set.id, set.topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            return;
        }
        if (!t.isOwner(s.uid())) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        List<String> tags = Tags.normalize(set.tags, t.services.config().limits().maxTagCount());
        if (tags.isEmpty()) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        for (String tag : tags) {
            if (Tags.inNamespaces(tag, t.services.restrictedTagNamespaces())) {
                s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
        }
        if (TagsMeta.severalAliases(tags) || Access.takenAlias(t, tags, t.name).isPresent()) {
            s.reply(set.id, set.topic, null, Ctrl.MALFORMED, now);
            return;
        }
        long added = tags.stream().filter(x -> !t.rec.tags().contains(x)).count();
        long removed = t.rec.tags().stream().filter(x -> !tags.contains(x)).count();
        if (added == 0 && removed == 0) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        TopicRecord n = t.rec.withTags(tags, now);
        t.services.store().updateTopic(n);
        t.rec = n;
        Presence.toUserAttached(t, s.uid(), t.pres(set.topic, null, "tags"), s);
        s.reply(set.id, set.topic, TagsMeta.changeParams(added, removed), Ctrl.OK, now);
    }

    private static void setAux(Topic t, ClientSession s, ClientMessage.Set set, Instant now) {
        if (t.cat == Topic.Cat.SYS) {
            s.reply(set.id, set.topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            return;
        }
        AccessMode mode = t.modeOf(s.uid());
        if (!mode.has(AccessMode.APPROVE) && !mode.isOwner()) {
            s.reply(set.id, set.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        JsonObject src = new JsonObject();
        set.aux.forEach(src::add);
        JsonValues.Merge m = JsonValues.merge(t.rec.auxJson(), src);
        if (!m.changed()) {
            s.reply(set.id, set.topic, null, Ctrl.NOT_MODIFIED, now);
            return;
        }
        TopicRecord n = t.rec.withAux(m.json(), now);
        t.services.store().updateTopic(n);
        t.rec = n;
        Presence.toAttached(t, "aux", s, AccessMode.PRES);
        s.reply(set.id, set.topic, null, Ctrl.OK, now);
    }
}

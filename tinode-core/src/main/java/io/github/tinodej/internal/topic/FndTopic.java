package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's {@code fnd} topic: the search query lives in {@code public} (per session, dropped on
 * leave) or {@code private} (stored), and {@code {get sub}} returns the matches.
 */
final class FndTopic extends SelfTopic {
    private static final String FND = "fnd";
    /** Tinode's store result cap. */
    private static final int MAX_RESULTS = 1024;
    /** What an embedded get of {@code fnd} answers; the rest of it is ignored. */
    private static final int EMBEDDED = What.DESC | What.SUB | What.TAGS;
    private static final int NO_SUCH_PART = What.DATA | What.DEL | What.CRED | What.AUX;

    private final Map<ClientSession, String> queries = new HashMap<>();

    FndTopic(Services services, Hub hub, Uid uid) {
        super(services, hub, uid, "fnd" + uid.encoded(), FND);
    }

    @Override
    void load() {
        loadSelf();
    }

    @Override
    void detached(ClientSession s, Instant now) {
        // A query in public belongs to the session that set it.
        queries.remove(s);
    }

    @Override
    public void handleDel(ClientSession s, ClientMessage.Del del, Instant now) {
        s.reply(del.id, FND, null, Ctrl.PERMISSION_DENIED, now);
    }

    @Override
    int detachedGetMask() {
        return 0;
    }

    @Override
    void answerGet(ClientSession s, MetaQuery q, int what, boolean embedded, Instant now) {
        if (embedded) {
            what &= EMBEDDED;
        }
        if ((what & What.DESC) != 0) {
            desc(s, q.id(), now);
        }
        if ((what & What.SUB) != 0) {
            search(s, q.id(), now);
        }
        if ((what & NO_SUCH_PART) != 0) {
            // fnd has no messages, credentials or aux: one answer for all of them.
            s.reply(q.id(), FND, null, Ctrl.OPERATION_NOT_ALLOWED, now);
        }
        if ((what & What.TAGS) != 0) {
            tags(s, q.id(), now);
        }
    }

    @Override
    public void handleSet(ClientSession s, ClientMessage.Set set, Instant now) {
        if (!attached.contains(s)) {
            s.reply(set.id, FND, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        if (set.desc == null) {
            s.reply(set.id, FND, null, set.tags != null || set.aux != null || set.cred != null || set.sub != null
                    ? Ctrl.OPERATION_NOT_ALLOWED : Ctrl.MALFORMED, now);
            return;
        }
        if (set.desc.trusted != null && !set.desc.trusted.isJsonNull()) {
            s.reply(set.id, FND, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        boolean changed = false;
        JsonElement pub = set.desc.pub;
        if (pub != null && !pub.isJsonNull()) {
            if (JsonValues.isDeleteMarker(pub)) {
                changed = queries.remove(s) != null;
            } else if (pub.isJsonPrimitive()) {
                changed = !pub.getAsString().equals(queries.put(s, pub.getAsString()));
            }
        }
        JsonValues.Merge priv = JsonValues.merge(self.privateJson(), set.desc.priv);
        if (priv.changed()) {
            self = self.withPrivate(priv.json(), now);
            services.store().upsertSubscription(self);
            changed = true;
        }
        s.reply(set.id, FND, null, changed ? Ctrl.OK : Ctrl.NOT_MODIFIED, now);
    }

    private void desc(ClientSession s, String id, Instant now) {
        JsonObject d = new JsonObject();
        Descs.time(d, "created", self.created());
        Descs.time(d, "updated", self.updated());
        d.add("acs", Descs.acs(self.want(), self.given()));
        String q = queries.get(s);
        if (q != null) {
            d.addProperty("public", q);
        }
        Descs.add(d, "private", self.privateJson());
        s.send(services.frames().meta(id, FND, now, "desc", d));
    }

    /** The active query: this session's public, else the stored private (when it is a string). */
    private String query(ClientSession s) {
        String q = queries.get(s);
        if (q != null && !q.isEmpty()) {
            return q;
        }
        JsonElement p = JsonValues.tree(self.privateJson());
        return p != null && p.isJsonPrimitive() ? p.getAsString() : null;
    }

    private void search(ClientSession s, String id, Instant now) {
        String q = query(s);
        List<TagMatch> answered = null;
        if (q != null && !q.isEmpty() && services.plugins().any()) {
            // Go's pluginFind: a plugin may answer, drop or rewrite the query before the tag search.
            io.github.tinodej.plugin.FindResult r = services.plugins().find(uid.userId(), q);
            switch (r.verdict()) {
                case DROP -> q = null;
                case REPLACE -> q = r.query();
                case RESPOND -> answered = r.results().stream().map(n -> new TagMatch(n, List.of())).toList();
                default -> {
                }
            }
        }
        SearchQuery parsed = answered != null || q == null ? null : SearchQuery.parse(q);
        if (parsed == null && answered == null) {
            s.reply(id, FND, Frames.what("sub"), Ctrl.NO_CONTENT, now);
            return;
        }
        boolean root = s.authLevel() == AuthLevel.ROOT;
        List<TagMatch> found = answered != null ? answered
                : FndRewrite.find(services.store(), services.creds().validators(), parsed,
                        FndRewrite.countryCode(s.lang(), services.config().cred().defaultCountryCode()), root,
                        MAX_RESULTS + 1);
        Map<Uid, User> users = new HashMap<>();
        Map<String, TopicRecord> groups = new HashMap<>();
        List<Uid> uids = found.stream().filter(m -> m.name().startsWith("usr")).map(m -> Uid.parseUserId(m.name()))
                .filter(Uid::isValid).toList();
        for (User u : services.store().getUsers(uids)) {
            users.put(u.uid(), u);
        }
        for (TopicRecord t : services.store().getTopics(found.stream().map(TagMatch::name)
                .filter(n -> n.startsWith("grp")).toList())) {
            groups.put(t.name(), t);
        }
        JsonArray a = new JsonArray();
        for (TagMatch m : found) {
            if (a.size() >= MAX_RESULTS) {
                break;
            }
            JsonObject e = new JsonObject();
            JsonArray matched = new JsonArray();
            m.matched().forEach(matched::add);
            if (m.name().startsWith("usr")) {
                User u = users.get(Uid.parseUserId(m.name()));
                if (u == null || u.uid().equals(uid) || !root && u.state() != ObjectState.OK) {
                    continue;
                }
                e.addProperty("topic", m.name());
                Descs.time(e, "updated", u.updated());
                JsonObject acs = new JsonObject();
                acs.addProperty("mode", u.access().forLevel(s.authLevel()).toString());
                e.add("acs", acs);
                Descs.add(e, "public", u.publicJson());
                Descs.add(e, "trusted", u.trustedJson());
            } else {
                TopicRecord t = groups.get(m.name());
                if (t == null || !root && t.state() != ObjectState.OK) {
                    continue;
                }
                e.addProperty("topic", t.channel() ? Names.chn(t.name()) : t.name());
                Descs.time(e, "updated", t.updated());
                JsonObject acs = new JsonObject();
                acs.addProperty("mode", t.channel() ? TopicJoin.CHN_READER.toString()
                        : t.access().forLevel(s.authLevel()).toString());
                e.add("acs", acs);
                Descs.add(e, "public", t.publicJson());
                Descs.add(e, "trusted", t.trustedJson());
            }
            e.add("private", matched);
            a.add(e);
        }
        if (a.isEmpty()) {
            s.reply(id, FND, Frames.what("sub"), Ctrl.NO_CONTENT, now);
            return;
        }
        s.send(services.frames().meta(id, FND, now, "sub", a));
    }

    /** With a fully qualified tag as the query: who owns it (alias availability checks). */
    private void tags(ClientSession s, String id, Instant now) {
        String q = queries.get(s);
        List<String> owner = List.of();
        if (q != null) {
            String tag = q.trim().toLowerCase(java.util.Locale.ROOT);
            if (Tags.prefix(tag) != null) {
                owner = services.store().findTagOwner(tag).map(List::of).orElse(List.of());
            }
        }
        TagsMeta.reply(s, services.frames(), id, FND, owner, now);
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored topic loaded into memory: group (and its channel view), p2p, {@code slf} or
 * {@code sys}. The request handlers live in {@link TopicJoin}, {@link TopicMeta},
 * {@link TopicMessages} and {@link TopicLeave}; they share this state and run on this actor.
 */
final class Topic extends TopicActor implements Handlers {
    enum Cat { GRP, P2P, SLF, SYS }

    final Cat cat;
    /** The stored record; null until the topic exists (a {@code {sub}} may create it). */
    TopicRecord rec;
    /** A message write failed and may have committed: re-read seq and delId before the next one. */
    boolean countersInDoubt;
    /** Subscribers, deleted subscriptions included (bans survive unsubscribing). */
    final Map<Uid, PerUser> users = new HashMap<>();
    /** Attached sessions. */
    final Map<ClientSession, Attachment> sessions = new LinkedHashMap<>();
    /** p2p only: both users' accounts, for the descriptions each side sees of the other. */
    final Map<Uid, User> p2pUsers = new HashMap<>();
    /**
     * Suspended (Tinode's read-only status): a p2p topic whose peer, or a group whose owner, is a
     * suspended account. Nobody publishes, types or invites; reading goes on.
     */
    boolean readOnly;
    /** The call in progress (p2p only), or null. */
    TopicCalls.Call call;
    /** True while members were told the group is online ("off" follows on unload). */
    private boolean announcedOnline;
    /** Set for {@code new...}/{@code nch...} actors until the group is created. */
    final boolean creating;
    final boolean creatingChannel;

    Topic(Services services, Hub hub, String name, Cat cat, boolean creating, boolean creatingChannel) {
        super(services, hub, name);
        this.cat = cat;
        this.creating = creating;
        this.creatingChannel = creatingChannel;
    }

    @Override
    void load() {
        if (creating) {
            return;
        }
        rec = services.store().getTopic(name).orElse(null);
        if (rec == null) {
            return;
        }
        for (Subscription s : services.store().getTopicSubscriptions(name)) {
            users.put(s.user(), new PerUser(s.user(), s, false));
        }
        if (cat == Cat.GRP && rec.channel()) {
            for (Subscription s : services.store().getTopicSubscriptions(Names.chn(name))) {
                users.putIfAbsent(s.user(), new PerUser(s.user(), s, true));
            }
        }
        if (cat == Cat.P2P) {
            Uid[] pair = Names.p2pUsers(name);
            if (pair != null) {
                for (User u : services.store().getUsers(java.util.List.of(pair[0], pair[1]))) {
                    p2pUsers.put(u.uid(), u);
                    // Go marks only topics in memory at the moment of suspension; a p2p topic loaded
                    // later would be writable again. Both users are at hand here, so it is judged.
                    readOnly |= u.state() == io.github.tinodej.model.ObjectState.SUSPENDED;
                }
            }
        }
    }

    @Override
    void unloaded() {
        if (announcedOnline) {
            forgetOnline();
            announceToMembers("off");
        }
    }

    /**
     * Stops counting the group as online without telling anyone: a deleted group's members hear
     * only "gone" (an "off" after it names a contact TinodeWeb has already dropped, and throws).
     */
    void forgetOnline() {
        announcedOnline = false;
        hub.online.groupOnline(name, false);
    }

    /** True while the group counts as online for its members ("on" was sent, "off" not yet). */
    boolean announcedOnline() {
        return announcedOnline;
    }

    private void announceToMembers(String what) {
        for (PerUser m : users.values()) {
            if (!m.deleted() && !m.isChan && m.mode().isPresencer()) {
                // To every 'me' session, attached here or not: Go's presSubsOffline skips no topic.
                toMe(m.uid, pres("me", name, what));
            }
        }
    }

    /** {@link Hub#userSuspended}: applies to p2p topics the user is in and groups the user owns. */
    void ownerSuspended(Uid uid, boolean suspended) {
        boolean concerned = cat == Cat.P2P ? users.containsKey(uid) || p2pUsers.containsKey(uid)
                : cat == Cat.GRP && rec != null && uid.equals(rec.owner());
        if (concerned) {
            readOnly = suspended;
        }
    }

    boolean exists() {
        return rec != null;
    }

    /** The name {@code uid} uses for this topic. */
    String original(Uid uid, boolean asChan) {
        return switch (cat) {
            case GRP -> asChan ? Names.chn(name) : name;
            case P2P -> other(uid).userId();
            case SLF -> "slf";
            case SYS -> "sys";
        };
    }

    /** The other participant of a p2p topic. */
    Uid other(Uid uid) {
        Uid[] pair = Names.p2pUsers(name);
        if (pair == null) {
            return Uid.ZERO;
        }
        return pair[0].equals(uid) ? pair[1] : pair[0];
    }

    /** The topic's default access for a requester's level. */
    AccessMode accessFor(AuthLevel level) {
        return rec == null ? AccessMode.NONE : rec.access().forLevel(level);
    }

    /** The effective mode of a user, none if not subscribed. */
    AccessMode modeOf(Uid uid) {
        PerUser pu = users.get(uid);
        return pu == null ? AccessMode.NONE : pu.mode();
    }

    /**
     * Subscribers shown as {@code subcnt}: members and channel readers, not deleted (Go's stored
     * count covers the grp and chn subscriptions alike).
     */
    int subscriberCount() {
        int n = 0;
        for (PerUser pu : users.values()) {
            if (!pu.deleted()) {
                n++;
            }
        }
        return n;
    }

    /** Active (not deleted, non-reader) member count, Tinode's {@code subsCount}. */
    int memberCount() {
        int n = 0;
        for (PerUser pu : users.values()) {
            if (!pu.deleted() && !pu.isChan) {
                n++;
            }
        }
        return n;
    }

    boolean isOwner(Uid uid) {
        return rec != null && rec.owner().equals(uid);
    }

    /** True if any member session is attached (Tinode's group {@code online}). */
    boolean anyoneOnline() {
        return !sessions.isEmpty();
    }

    void attach(ClientSession s, Uid uid, boolean asChan) {
        sessions.put(s, new Attachment(uid, asChan));
        attached.add(s);
        PerUser pu = users.get(uid);
        if (pu != null) {
            pu.online++;
        }
        s.topicAttached(name);
    }

    /**
     * Tinode announces a group as online when it loads for its first member: "on" to every
     * member's 'me'. Called after the reply to that member's {@code {sub}}, as Go's
     * {@code sendSubNotifications} runs after {@code subscriptionReply}: a client creating a group
     * learns its name from the reply before any presence names it.
     */
    void announceOnlineOnce(boolean asChan) {
        if (!announcedOnline && cat == Cat.GRP && !asChan) {
            announcedOnline = true;
            hub.online.groupOnline(name, true);
            announceToMembers("on");
        }
    }

    /**
     * A session leaves or disconnects: a call it is a party to ends first (Go ends calls in
     * unregisterSession only, so an eviction leaves the call running).
     */
    Attachment leaving(ClientSession s) {
        if (call != null) {
            TopicCalls.sessionLeft(this, s);
        }
        return remove(s);
    }

    /** Removes a session; returns the attachment or null. */
    Attachment remove(ClientSession s) {
        Attachment a = sessions.remove(s);
        attached.remove(s);
        if (a != null) {
            PerUser pu = users.get(a.uid());
            if (pu != null && pu.online > 0) {
                pu.online--;
            }
            s.topicDetached(name);
        }
        return a;
    }

    /** Subscription record key: channel readers are stored under the {@code chn} name. */
    String subTopicName(boolean asChan) {
        return asChan ? Names.chn(name) : name;
    }

    void saveSub(PerUser pu) {
        services.store().upsertSubscription(pu.sub);
    }

    // ---- requests ----

    @Override
    public void handleSub(ClientSession s, ClientMessage.Sub sub, Instant now) {
        TopicJoin.sub(this, s, sub, now);
    }

    @Override
    public void handleLeave(ClientSession s, ClientMessage.Leave leave, Instant now) {
        TopicLeave.leave(this, s, leave, now);
    }

    @Override
    public void handlePub(ClientSession s, ClientMessage m, Instant now) {
        TopicMessages.publish(this, s, m, now);
    }

    @Override
    public void handleGet(ClientSession s, ClientMessage.Get get, Instant now) {
        TopicMeta.get(this, s, get, now);
    }

    @Override
    public void handleSet(ClientSession s, ClientMessage.Set set, Instant now) {
        TopicMeta.set(this, s, set, now);
    }

    @Override
    public void handleDel(ClientSession s, ClientMessage.Del del, Instant now) {
        TopicLeave.del(this, s, del, now);
    }

    void handleNote(ClientSession s, ClientMessage.Note note, Instant now) {
        TopicMessages.note(this, s, note, now);
    }

    @Override
    public void detach(ClientSession s) {
        TopicLeave.detach(this, s);
    }

    /**
     * A member changed their public or client: every attached session with P hears it, the
     * member's own included, whether or not the member has the group open (Go's group topic
     * broadcasts the "upd"/"ua" it gets from the member's 'me'; tinode-js refreshes the member
     * list from it).
     */
    void memberChanged(Uid uid, String what, String ua) {
        PerUser pu = users.get(uid);
        if (cat != Cat.GRP || pu == null || pu.deleted() || pu.isChan) {
            return;
        }
        JsonObject p = pres(name, uid.userId(), what);
        if (ua != null && !ua.isEmpty()) {
            p.addProperty("ua", ua);
        }
        String frame = services.frames().pres(p);
        for (java.util.Map.Entry<ClientSession, Attachment> e : sessions.entrySet()) {
            Attachment a = e.getValue();
            if (!a.asChan() && modeOf(a.uid()).isPresencer()) {
                e.getKey().send(frame);
            }
        }
    }

    /** The user's account was deleted: drop their sessions; a topic they owned is gone with them. */
    void userGone(Uid uid) {
        PerUser pu = users.get(uid);
        if (pu == null) {
            return;
        }
        boolean stop = isOwner(uid) || cat == Cat.P2P;
        for (ClientSession s : new java.util.ArrayList<>(sessions.keySet())) {
            if (stop || sessions.get(s).uid().equals(uid)) {
                // Detached silently, as Go's stopTopicsForUser does; 'me' carries the news.
                remove(s);
            }
        }
        if (stop) {
            // Gone with its owner or its other user: no "off" after the members' "gone".
            forgetOnline();
            kill();
            return;
        }
        pu.sub = pu.sub.withDeleted(services.now());
    }

    // ---- presence helpers ----

    /**
     * A {@code {pres}} frame. {@code topic} is the name the receiver uses; null fields are left
     * out, as Go's omitempty does.
     */
    JsonObject pres(String topic, String src, String what) {
        JsonObject p = new JsonObject();
        p.addProperty("topic", topic);
        if (src != null) {
            p.addProperty("src", src);
        }
        p.addProperty("what", what);
        return p;
    }

    /** Sends to all of {@code uid}'s sessions attached to {@code me}. */
    void toMe(Uid uid, JsonObject pres) {
        toMe(uid, pres, null);
    }

    /**
     * Sends to {@code uid}'s sessions attached to {@code me} except {@code skip}, whether or not
     * they are attached to this topic too (Go's notifications that set no SkipTopic).
     */
    void toMe(Uid uid, JsonObject pres, ClientSession skip) {
        hub.toMe(uid, () -> services.frames().pres(pres), skip, null);
    }

    /** Sends to {@code uid}'s sessions attached to {@code me} but not to this topic. */
    void toMeOffline(Uid uid, JsonObject pres, ClientSession skip) {
        hub.toMe(uid, () -> services.frames().pres(pres), skip, sessions.keySet());
    }

    /** A ctrl with the name the session uses for this topic. */
    void reply(ClientSession s, String id, Ctrl status, Instant now) {
        s.reply(id, clientName(s), null, status, now);
    }

    /** The name the session's user sees; falls back to the session's own attachment mode. */
    @Override
    String clientName(ClientSession s) {
        Attachment a = sessions.get(s);
        return original(s.uid(), a != null && a.asChan());
    }
}

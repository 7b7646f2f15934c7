package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.model.Uid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-generated events for users and topics another node owns (Tinode routes them to the
 * user's node the same way: cluster.go {@code routeUserReq}, {@code routeToTopicIntraCluster}):
 * presence and info frames for a user's {@code me} sessions, contact list changes, tag changes,
 * and account-wide changes every node must apply to its loaded topics.
 */
final class ClusterEvents {
    private final ClusterRouter router;
    private final Hub hub;
    /** Client side: per user of another node, the client this node asked its 'me' to take as current. */
    private final Map<Uid, String> askedUa = new ConcurrentHashMap<>();

    ClusterEvents(ClusterRouter router, Hub hub) {
        this.router = router;
        this.hub = hub;
    }

    /** A frame for the user's {@code me} sessions except {@code skip} and those in {@code except}. */
    void toMe(Uid uid, String frame, ClientSession skip, Collection<ClientSession> except) {
        JsonObject o = event("me", uid);
        o.addProperty("f", frame);
        if (skip != null) {
            o.addProperty("sk", router.globalId(skip));
        }
        if (except != null && !except.isEmpty()) {
            List<ClientSession> ofUser = new ArrayList<>();
            for (ClientSession s : except) {
                if (s.uid().equals(uid)) {
                    ofUser.add(s);
                }
            }
            if (!ofUser.isEmpty()) {
                o.add("ex", router.globalIds(ofUser));
            }
        }
        router.sendToOwner(uid.userId(), o);
    }

    void contact(Uid uid, String topic, boolean added, boolean presence) {
        JsonObject o = event(added ? "ca" : "cr", uid);
        o.addProperty("n", topic);
        o.addProperty("p", presence);
        router.sendToOwner(uid.userId(), o);
    }

    void memberChanged(String topic, Uid uid, String what, String ua) {
        JsonObject o = event("mc", uid);
        o.addProperty("n", topic);
        o.addProperty("w", what);
        o.addProperty("ua", ua == null ? "" : ua);
        router.sendToOwner(topic, o);
    }

    void changeTags(Uid uid, List<String> add, List<String> remove) {
        JsonObject o = event("tags", uid);
        o.add("add", array(add));
        o.add("rm", array(remove));
        router.sendToOwner(uid.userId(), o);
    }

    void replaceTag(Uid uid, String namespace, String tag) {
        JsonObject o = event("rtag", uid);
        o.addProperty("ns", namespace);
        o.addProperty("tag", tag);
        router.sendToOwner(uid.userId(), o);
    }

    void suspended(Uid uid, boolean suspended) {
        JsonObject o = event("susp", uid);
        o.addProperty("s", suspended);
        router.sendToAll(o);
    }

    void evict(Uid uid) {
        router.sendToAll(event("evict", uid));
    }

    void deleted(Uid uid) {
        router.sendToAll(event("udel", uid));
    }

    /** The user's 'me' here takes {@code ua} (null: unloaded) as the current client: every node hears it. */
    void latestUa(Uid uid, String ua) {
        JsonObject o = event("lua", uid);
        if (ua != null) {
            o.addProperty("ua", ua);
        }
        router.sendToAll(o);
    }

    /**
     * A session here of a user whose 'me' is on another node made a request (Go's proxied
     * {@code ProxyReqMeUserAgent}): if its client is not the one the user's node last named, that
     * node is asked to take it, once until it answers, so a busy session sends nothing.
     */
    void active(ClientSession s, String latest) {
        String ua = s.userAgent();
        Uid uid = s.uid();
        if (latest == null || latest.equals(ua) || ua.equals(askedUa.put(uid, ua))) {
            return;
        }
        JsonObject o = event("act", uid);
        o.addProperty("sid", s.sid());
        router.sendToOwner(uid.userId(), o);
    }

    /** A user's or group's online state changed here (key as in {@link OnlineState}). */
    void online(String key, boolean on) {
        JsonObject o = new JsonObject();
        o.addProperty("t", "onl");
        o.addProperty("k", key);
        o.addProperty("on", on);
        router.sendToAll(o);
    }

    /** Everything online here, for a node that just joined. */
    void onlineSnapshot(String node) {
        JsonObject o = new JsonObject();
        o.addProperty("t", "onls");
        o.add("ks", array(hub.online.localKeys()));
        router.send(node, o);
    }

    /** An event from another node, applied here as if it happened here. */
    void receive(String from, String t, JsonObject o) {
        if ("onl".equals(t)) {
            hub.online.remote(from, ClusterRouter.str(o, "k"), o.get("on").getAsBoolean());
            return;
        }
        if ("onls".equals(t)) {
            for (String k : list(o.get("ks").getAsJsonArray())) {
                hub.online.remote(from, k, true);
            }
            return;
        }
        Uid uid = ClusterRouter.uid(ClusterRouter.str(o, "u"));
        switch (t) {
            case "me" -> {
                String skip = ClusterRouter.str(o, "sk");
                Set<String> except = ClusterRouter.strings(o.get("ex"));
                String frame = ClusterRouter.str(o, "f");
                for (ClientSession s : hub.meSessions(uid)) {
                    String id = router.globalId(s);
                    if (!id.equals(skip) && !except.contains(id)) {
                        s.send(frame);
                    }
                }
            }
            case "lua" -> {
                String ua = ClusterRouter.str(o, "ua");
                hub.online.remoteUa(from, uid, ua.isEmpty() ? null : ua);
                askedUa.remove(uid);
            }
            case "act" -> {
                RemoteSession rs = router.remoteSession(from, ClusterRouter.str(o, "sid"), uid);
                if (rs != null && router.isLocal(uid.userId())) {
                    hub.sessionActive(rs);
                }
            }
            case "ca" -> hub.contactAdded(uid, ClusterRouter.str(o, "n"), o.get("p").getAsBoolean());
            case "cr" -> hub.contactRemoved(uid, ClusterRouter.str(o, "n"));
            case "mc" -> {
                String what = ClusterRouter.str(o, "w");
                String ua = ClusterRouter.str(o, "ua");
                hub.toLoadedTopic(ClusterRouter.str(o, "n"), x -> x.memberChanged(uid, what, ua));
            }
            case "tags" -> hub.changeUserTags(uid, list(o.get("add").getAsJsonArray()),
                    list(o.get("rm").getAsJsonArray()));
            case "rtag" -> hub.replaceUserTag(uid, ClusterRouter.str(o, "ns"), ClusterRouter.str(o, "tag"));
            case "susp" -> hub.userSuspendedHere(uid, o.get("s").getAsBoolean());
            case "udel" -> hub.userDeletedHere(uid);
            case "evict" -> router.evictLocal(uid);
            default -> throw new IllegalArgumentException("unknown cluster message " + t);
        }
    }

    private static JsonObject event(String t, Uid uid) {
        JsonObject o = new JsonObject();
        o.addProperty("t", t);
        o.addProperty("u", uid.userId());
        return o;
    }

    private static JsonArray array(List<String> l) {
        JsonArray a = new JsonArray();
        l.forEach(a::add);
        return a;
    }

    private static List<String> list(JsonArray a) {
        List<String> l = new ArrayList<>();
        a.forEach(e -> l.add(e.getAsString()));
        return l;
    }
}

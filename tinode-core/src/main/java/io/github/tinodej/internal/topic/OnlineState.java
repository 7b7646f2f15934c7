package io.github.tinodej.internal.topic;

import io.github.tinodej.model.Uid;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online, shared by every actor of one server: each user's sessions attached to 'me', the
 * groups announced online, the users hiding their status (incognito) and the client each online
 * user last used. Written by the owning actor ('me' for its user, the group for itself), read by
 * any; thread-safe, never blocks.
 */
final class OnlineState {
    private final ConcurrentHashMap<Uid, Set<ClientSession>> meSessions = new ConcurrentHashMap<>();
    private final Set<String> onlineGroups = ConcurrentHashMap.newKeySet();
    private final Set<Uid> incognito = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Uid, String> latestUa = new ConcurrentHashMap<>();
    /**
     * In a cluster: the users ({@code u} + user id) and groups ({@code g} + name) online at other
     * nodes, each with the node that said so; empty on a single node.
     */
    private final ConcurrentHashMap<String, String> remote = new ConcurrentHashMap<>();
    /** In a cluster: the client each user of another node last used, with that node. */
    private final ConcurrentHashMap<Uid, String[]> remoteUa = new ConcurrentHashMap<>();
    /** Told of every change of a user's or group's online state here; null on a single node. */
    private volatile java.util.function.BiConsumer<String, Boolean> publisher;

    /** In a cluster, other nodes hear of every change of state (keys as in {@link #remote}). */
    void publisher(java.util.function.BiConsumer<String, Boolean> p) {
        this.publisher = p;
    }

    /** Another node says a user or group is online or not. */
    void remote(String node, String key, boolean online) {
        if (online) {
            remote.put(key, node);
        } else {
            remote.remove(key, node);
        }
    }

    /** Forgets what the nodes {@code gone} accepts said (they left, or their link was reset). */
    void dropNodes(java.util.function.Predicate<String> gone) {
        remote.values().removeIf(gone);
        remoteUa.values().removeIf(v -> gone.test(v[0]));
    }

    /** What this node knows first hand, for a node that just joined. */
    java.util.List<String> localKeys() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Uid u : meSessions.keySet()) {
            if (isOnlineHere(u)) {
                out.add("u" + u.userId());
            }
        }
        for (String g : onlineGroups) {
            out.add("g" + g);
        }
        return out;
    }

    private boolean isOnlineHere(Uid uid) {
        return !meSessions(uid).isEmpty() && !incognito.contains(uid);
    }

    /** Runs a change of a user's state and tells the other nodes if the user's visible state changed. */
    private void changing(Uid uid, Runnable change) {
        java.util.function.BiConsumer<String, Boolean> p = publisher;
        if (p == null) {
            change.run();
            return;
        }
        boolean was = isOnlineHere(uid);
        change.run();
        boolean is = isOnlineHere(uid);
        if (was != is) {
            p.accept("u" + uid.userId(), is);
        }
    }

    /** Sessions of {@code uid} attached to 'me'; the user is online while this is not empty. */
    Set<ClientSession> meSessions(Uid uid) {
        Set<ClientSession> set = meSessions.get(uid);
        return set == null ? Set.of() : set;
    }

    void meAttached(Uid uid, ClientSession s) {
        changing(uid, () -> meSessions.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet()).add(s));
    }

    void meDetached(Uid uid, ClientSession s) {
        changing(uid, () -> meSessions.computeIfPresent(uid, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        }));
    }

    /** The user's account is gone. */
    void forget(Uid uid) {
        changing(uid, () -> {
            meSessions.remove(uid);
            incognito.remove(uid);
            latestUa.remove(uid);
        });
    }

    /** Online as others may see it: attached to 'me' and not incognito (here, or at the user's node). */
    boolean isOnline(Uid uid) {
        return isOnlineHere(uid) || !remote.isEmpty() && remote.containsKey("u" + uid.userId());
    }

    /** Incognito: the user's 'me' mode lacks P (TinodeWeb's setting); set by the user's 'me'. */
    void setIncognito(Uid uid, boolean hidden) {
        changing(uid, () -> toggle(incognito, uid, hidden));
    }

    /** A group loaded with a member attached, as Tinode reports it "online"; set by the group. */
    void groupOnline(String name, boolean online) {
        toggle(onlineGroups, name, online);
        java.util.function.BiConsumer<String, Boolean> p = publisher;
        if (p != null) {
            p.accept("g" + name, online);
        }
    }

    boolean isGroupOnline(String name) {
        return onlineGroups.contains(name) || !remote.isEmpty() && remote.containsKey("g" + name);
    }

    /** The client the user last used, or null when the user's 'me' is not loaded. */
    String latestUa(Uid uid) {
        return latestUa.get(uid);
    }

    void latestUa(Uid uid, String ua) {
        if (ua == null) {
            latestUa.remove(uid);
        } else {
            latestUa.put(uid, ua);
        }
    }

    /** The client a user of another node last used there, or null when not known. */
    String remoteUa(Uid uid) {
        String[] v = remoteUa.get(uid);
        return v == null ? null : v[1];
    }

    /** Another node (the user's) says which client the user last used; null: its 'me' unloaded. */
    void remoteUa(String node, Uid uid, String ua) {
        if (ua == null) {
            remoteUa.remove(uid);
        } else {
            remoteUa.put(uid, new String[] {node, ua});
        }
    }

    private static <T> void toggle(Set<T> set, T key, boolean member) {
        if (member) {
            set.add(key);
        } else {
            set.remove(key);
        }
    }
}

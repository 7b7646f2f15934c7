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

    /** Sessions of {@code uid} attached to 'me'; the user is online while this is not empty. */
    Set<ClientSession> meSessions(Uid uid) {
        Set<ClientSession> set = meSessions.get(uid);
        return set == null ? Set.of() : set;
    }

    void meAttached(Uid uid, ClientSession s) {
        meSessions.computeIfAbsent(uid, k -> ConcurrentHashMap.newKeySet()).add(s);
    }

    void meDetached(Uid uid, ClientSession s) {
        meSessions.computeIfPresent(uid, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** The user's account is gone. */
    void forget(Uid uid) {
        meSessions.remove(uid);
        incognito.remove(uid);
        latestUa.remove(uid);
    }

    /** Online as others may see it: attached to 'me' and not incognito. */
    boolean isOnline(Uid uid) {
        return !meSessions(uid).isEmpty() && !incognito.contains(uid);
    }

    /** Incognito: the user's 'me' mode lacks P (TinodeWeb's setting); set by the user's 'me'. */
    void setIncognito(Uid uid, boolean hidden) {
        toggle(incognito, uid, hidden);
    }

    /** A group loaded with a member attached, as Tinode reports it "online"; set by the group. */
    void groupOnline(String name, boolean online) {
        toggle(onlineGroups, name, online);
    }

    boolean isGroupOnline(String name) {
        return onlineGroups.contains(name);
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

    private static <T> void toggle(Set<T> set, T key, boolean member) {
        if (member) {
            set.add(key);
        } else {
            set.remove(key);
        }
    }
}

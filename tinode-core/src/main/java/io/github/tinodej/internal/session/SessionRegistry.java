package io.github.tinodej.internal.session;

import io.github.tinodej.internal.limits.Throttle;
import io.github.tinodej.model.Uid;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The live sessions, and the logged-in ones per user (for the per-user cap and account changes). */
public final class SessionRegistry {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Uid, Set<Session>> userSessions = new ConcurrentHashMap<>();
    private final Throttle throttle;
    private final int sessionsPerUser;

    /**
     * @param throttle told when a session ends (the per-address count)
     * @param sessionsPerUser cap on one user's logged-in sessions, 0 for none
     */
    public SessionRegistry(Throttle throttle, int sessionsPerUser) {
        this.throttle = throttle;
        this.sessionsPerUser = sessionsPerUser;
    }

    /** A session was admitted. */
    public void add(Session s) {
        sessions.put(s.sid(), s);
    }

    /** Every live session, as a copy. */
    public List<Session> all() {
        return List.copyOf(sessions.values());
    }

    /** The live session with this id, or null (the cluster hands frames from other nodes to it). */
    public Session bySid(String sid) {
        return sessions.get(sid);
    }

    public int size() {
        return sessions.size();
    }

    /**
     * Called by a session that is about to be authenticated as {@code uid}: counts it among the
     * user's sessions, unless the user already has the most allowed (checked and counted in one
     * step, so concurrent logins cannot overshoot the cap).
     *
     * @return false when the cap is reached and the session was not counted
     */
    boolean loggedIn(Session s, Uid uid) {
        boolean[] admitted = {true};
        userSessions.compute(uid, (k, set) -> {
            Set<Session> ofUser = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (sessionsPerUser > 0 && ofUser.size() >= sessionsPerUser && !ofUser.contains(s)) {
                admitted[0] = false;
            } else {
                ofUser.add(s);
            }
            return ofUser.isEmpty() ? null : ofUser;
        });
        return admitted[0];
    }

    /** Called by a session when it ends. */
    void closed(Session s) {
        if (sessions.remove(s.sid(), s)) {
            throttle.sessionClosed(s.remoteAddress());
        }
        Uid uid = s.uid();
        if (uid.isValid()) {
            userSessions.computeIfPresent(uid, (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Ends every live session of {@code uid} here with {@code {ctrl 205 "evicted"}} (another node asked). */
    public void evict(Uid uid, java.time.Instant now) {
        for (Session other : List.copyOf(sessionsOf(uid))) {
            other.reply(null, null, null, io.github.tinodej.protocol.Ctrl.EVICTED, now);
            other.closeAfterFlush();
        }
    }

    /** The user's live logged-in sessions. */
    Set<Session> sessionsOf(Uid uid) {
        Set<Session> s = userSessions.get(uid);
        return s == null ? Set.of() : s;
    }
}

package io.github.tinodej.internal.session;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.limits.SessionLimits;
import io.github.tinodej.internal.topic.ClientSession;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;

/**
 * Picks the message out of a decoded frame and applies the session pre-conditions of Tinode's
 * {@code Session.dispatch} in their order: {@code {hi}} first, notes dropped before login,
 * anything else before {@code {hi}} out of sequence, topic requests need authentication, and only
 * root may act on behalf of others.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private Dispatcher() {
    }

    static void dispatch(Session s, ClientMessage m, String frame, Instant now) {
        if (s.hub.clusterUnreachable()) {
            // Tinode's session.dispatch: a node cut off from the majority must not diverge.
            unreachable(s, m, now);
            return;
        }
        if (!allowed(s, m, now)) {
            return;
        }
        if (s.services.plugins().any()) {
            // After the rate limits (ours; Tinode has none), so a flood never reaches a plugin.
            m = PluginGate.fireHose(s, m, frame, now);
            if (m == null) {
                return;
            }
        }
        ClientSession who = actor(s, m, now);
        if (who == null) {
            return;
        }
        route(s, who, m, now);
        if (m.pub != null || m.sub != null || m.get != null || m.set != null || m.note != null) {
            // Go's uaRefresh: these requests mark the session's client as the user's current one.
            s.hub.sessionActive(s);
        }
    }

    private static void unreachable(Session s, ClientMessage m, Instant now) {
        String id = m.pub != null ? m.pub.id : m.sub != null ? m.sub.id : m.leave != null ? m.leave.id
                : m.hi != null ? m.hi.id : m.login != null ? m.login.id : m.get != null ? m.get.id
                : m.set != null ? m.set.id : m.del != null ? m.del.id : m.acc != null ? m.acc.id : null;
        String topic = m.pub != null ? m.pub.topic : m.sub != null ? m.sub.topic : m.leave != null ? m.leave.topic
                : m.get != null ? m.get.topic : m.set != null ? m.set.topic : m.del != null ? m.del.topic : null;
        if (m.note == null) {
            s.reply(id, topic, null, Ctrl.CLUSTER_UNREACHABLE, now);
        }
    }

    /** Routes a request; {@code who} is the session itself or, for root with {@code extra.obo}, the user it acts as. */
    private static void route(Session s, ClientSession who, ClientMessage m, Instant now) {
        if (m.extra != null && m.extra.attachments != null) {
            // Descriptions reference uploads only once the request succeeded, and the handler that
            // writes the description is the one that knows which topic or user it is (Go links in
            // replyCreateUser, replySetDesc and topicInit), so the list travels with the request.
            if (m.acc != null) {
                m.acc.attachments = m.extra.attachments;
            }
            if (m.set != null) {
                m.set.attachments = m.extra.attachments;
            }
            if (m.sub != null) {
                m.sub.attachments = m.extra.attachments;
            }
        }
        // Tinode's order when a frame carries several messages.
        if (m.pub != null) {
            topic(s, who, m.pub.id, m.pub.topic, now, () -> s.hub.requests().publish(who, m, now));
        } else if (m.sub != null) {
            topic(s, who, m.sub.id, m.sub.topic, now, () -> s.hub.requests().subscribe(who, m, now));
        } else if (m.leave != null) {
            topic(s, who, m.leave.id, m.leave.topic, now, () -> s.hub.requests().leave(who, m, now));
        } else if (m.hi != null) {
            HelloHandler.hello(s, m.hi, now);
        } else if (m.login != null) {
            if (preamble(s, m.login.id, now)) {
                LoginHandler.login(s, m.login, now);
            }
        } else if (m.get != null) {
            topic(s, who, m.get.id, m.get.topic, now, () -> s.hub.requests().get(who, m, now));
        } else if (m.set != null) {
            topic(s, who, m.set.id, m.set.topic, now, () -> s.hub.requests().set(who, m, now));
        } else if (m.del != null && "user".equals(m.del.what)) {
            // Go deletes the session's own user here, never the obo one.
            if (preamble(s, m.del.id, now)) {
                if (!s.isAuthenticated()) {
                    s.reply(m.del.id, null, null, Ctrl.AUTH_REQUIRED, now);
                } else {
                    AccountHandler.deleteUser(s, m.del, now);
                }
            }
        } else if (m.del != null) {
            topic(s, who, m.del.id, m.del.topic, now, () -> s.hub.requests().del(who, m, now));
        } else if (m.acc != null) {
            if (preamble(s, m.acc.id, now)) {
                AccountHandler.acc(s, m.acc, who.uid(), now);
            }
        } else if (m.note != null) {
            // Notes never get replies, errors included, until the session is logged in.
            if (s.hello && s.isAuthenticated()) {
                s.hub.requests().note(who, m, now);
            }
        } else {
            s.reply(null, null, null, Ctrl.MALFORMED, now);
        }
    }

    /**
     * Spends the request from the session's allowance (RateLimits). Over it, a request gets 429
     * "too many requests" with its id and topic, a note is dropped as Tinode drops bad notes; a
     * session that keeps going over is closed as a flood.
     */
    private static boolean allowed(Session s, ClientMessage m, Instant now) {
        SessionLimits.Kind kind;
        String id;
        String topic;
        if (m.pub != null) {
            kind = SessionLimits.Kind.PUBLISH;
            id = m.pub.id;
            topic = m.pub.topic;
        } else if (m.note != null) {
            kind = SessionLimits.Kind.NOTE;
            id = null;
            topic = null;
        } else if (m.sub != null || m.leave != null || m.get != null || m.set != null || m.del != null || m.acc != null) {
            kind = SessionLimits.Kind.QUERY;
            id = m.sub != null ? m.sub.id : m.leave != null ? m.leave.id : m.get != null ? m.get.id
                    : m.set != null ? m.set.id : m.del != null ? m.del.id : m.acc.id;
            topic = m.sub != null ? m.sub.topic : m.leave != null ? m.leave.topic : m.get != null ? m.get.topic
                    : m.set != null ? m.set.topic : m.del != null ? m.del.topic : null;
        } else {
            return true;
        }
        SessionLimits.Verdict v = s.limits().spend(kind);
        if (v == SessionLimits.Verdict.OK && m.get != null && "fnd".equals(m.get.topic)
                && m.get.what != null && m.get.what.contains("sub")) {
            // A search: the fnd allowance as well.
            v = s.limits().spend(SessionLimits.Kind.SEARCH);
        }
        switch (v) {
            case OK -> {
                return true;
            }
            case REJECT -> {
                if (kind != SessionLimits.Kind.NOTE) {
                    s.reply(id, topic, null, Ctrl.TOO_MANY_REQUESTS, now);
                }
                return false;
            }
            default -> {
                LOG.log(System.Logger.Level.WARNING, "session {0}: flood of requests over the rate limits, disconnecting",
                        s.sid());
                s.refuseFlood(Ctrl.TOO_MANY_REQUESTS, "flood: rate limits exceeded");
                return false;
            }
        }
    }

    private static boolean preamble(Session s, String id, Instant now) {
        if (!s.hello) {
            s.reply(id, null, null, Ctrl.COMMAND_OUT_OF_SEQUENCE, now);
            return false;
        }
        return true;
    }

    private static void topic(Session s, ClientSession who, String id, String topic, Instant now, Runnable action) {
        if (!preamble(s, id, now)) {
            return;
        }
        if (!who.uid().isValid()) {
            s.reply(id, topic, null, Ctrl.AUTH_REQUIRED, now);
            return;
        }
        action.run();
    }

    /**
     * Who the request acts as ({@code extra.obo} and {@code extra.authlevel}), as Go's
     * {@code Session.dispatch} judges it before any message, {@code {hi}} included: without them
     * the session itself; anyone but root gets 403; root with an obo that is not a user id, or
     * with a level and no obo, gets 400, all without an id; root with a valid obo acts as that
     * user at the given level, {@code auth} when none is given. An authlevel Go cannot parse is
     * no authlevel.
     *
     * @return the acting session, or null when the request was answered here
     */
    private static ClientSession actor(Session s, ClientMessage m, Instant now) {
        if (m.extra == null) {
            return s;
        }
        AuthLevel level = goAuthLevel(m.extra.authlevel);
        if (!notEmpty(m.extra.obo) && level == AuthLevel.NONE) {
            return s;
        }
        Uid obo = Uid.parseUserId(m.extra.obo);
        if (s.authLevel() != AuthLevel.ROOT) {
            s.reply(null, null, null, Ctrl.PERMISSION_DENIED, now);
            return null;
        }
        if (!obo.isValid()) {
            s.reply(null, null, null, Ctrl.MALFORMED, now);
            return null;
        }
        return new OnBehalf(s, obo, level == AuthLevel.NONE ? AuthLevel.AUTH : level);
    }

    /** Go's {@code auth.ParseAuthLevel}: exactly these spellings, anything else is none. */
    static AuthLevel goAuthLevel(String v) {
        if (v == null) {
            return AuthLevel.NONE;
        }
        return switch (v) {
            case "anon", "ANON" -> AuthLevel.ANON;
            case "auth", "AUTH" -> AuthLevel.AUTH;
            case "root", "ROOT" -> AuthLevel.ROOT;
            default -> AuthLevel.NONE;
        };
    }

    private static boolean notEmpty(String v) {
        return v != null && !v.isEmpty();
    }
}

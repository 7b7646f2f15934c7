package io.github.tinodej.internal.session;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;

/**
 * Picks the message out of a decoded frame and applies the session pre-conditions of Tinode's
 * {@code Session.dispatch} in their order: {@code {hi}} first, notes dropped before login,
 * anything else before {@code {hi}} out of sequence, topic requests need authentication, and only
 * root may act on behalf of others.
 */
final class Dispatcher {
    private Dispatcher() {
    }

    static void dispatch(Session s, ClientMessage m, Instant now) {
        route(s, m, now);
        if (m.pub != null || m.sub != null || m.get != null || m.set != null || m.note != null) {
            // Go's uaRefresh: these requests mark the session's client as the user's current one.
            s.engine.hub().sessionActive(s);
        }
    }

    private static void route(Session s, ClientMessage m, Instant now) {
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
            topic(s, m, m.pub.id, m.pub.topic, now, () -> s.engine.hub().requests().publish(s, m, now));
        } else if (m.sub != null) {
            topic(s, m, m.sub.id, m.sub.topic, now, () -> s.engine.hub().requests().subscribe(s, m, now));
        } else if (m.leave != null) {
            topic(s, m, m.leave.id, m.leave.topic, now, () -> s.engine.hub().requests().leave(s, m, now));
        } else if (m.hi != null) {
            // Go checks obo/authlevel before any message, {hi} included.
            if (obo(s, m, now)) {
                HelloHandler.hello(s, m.hi, now);
            }
        } else if (m.login != null) {
            if (preamble(s, m, m.login.id, now)) {
                LoginHandler.login(s, m.login, now);
            }
        } else if (m.get != null) {
            topic(s, m, m.get.id, m.get.topic, now, () -> s.engine.hub().requests().get(s, m, now));
        } else if (m.set != null) {
            topic(s, m, m.set.id, m.set.topic, now, () -> s.engine.hub().requests().set(s, m, now));
        } else if (m.del != null && "user".equals(m.del.what)) {
            if (preamble(s, m, m.del.id, now)) {
                if (!s.isAuthenticated()) {
                    s.reply(m.del.id, null, null, Ctrl.AUTH_REQUIRED, now);
                } else {
                    AccountHandler.deleteUser(s, m.del, now);
                }
            }
        } else if (m.del != null) {
            topic(s, m, m.del.id, m.del.topic, now, () -> s.engine.hub().requests().del(s, m, now));
        } else if (m.acc != null) {
            if (preamble(s, m, m.acc.id, now)) {
                AccountHandler.acc(s, m.acc, now);
            }
        } else if (m.note != null) {
            // Notes never get replies, errors included, until the session is logged in.
            if (s.hello && s.isAuthenticated() && obo(s, m, now)) {
                s.engine.hub().requests().note(s, m, now);
            }
        } else {
            s.reply(null, null, null, Ctrl.MALFORMED, now);
        }
    }

    private static boolean preamble(Session s, ClientMessage m, String id, Instant now) {
        if (!s.hello) {
            s.reply(id, null, null, Ctrl.COMMAND_OUT_OF_SEQUENCE, now);
            return false;
        }
        return obo(s, m, now);
    }

    private static void topic(Session s, ClientMessage m, String id, String topic, Instant now, Runnable action) {
        if (!preamble(s, m, id, now)) {
            return;
        }
        if (!s.isAuthenticated()) {
            s.reply(id, topic, null, Ctrl.AUTH_REQUIRED, now);
            return;
        }
        action.run();
    }

    /** {@code extra.obo}/{@code extra.authlevel} are for root sessions only. */
    private static boolean obo(Session s, ClientMessage m, Instant now) {
        if (m.extra != null && (notEmpty(m.extra.obo) || notEmpty(m.extra.authlevel))
                && s.authLevel() != AuthLevel.ROOT) {
            s.reply(null, null, null, Ctrl.PERMISSION_DENIED, now);
            return false;
        }
        return true;
    }

    private static boolean notEmpty(String v) {
        return v != null && !v.isEmpty();
    }
}

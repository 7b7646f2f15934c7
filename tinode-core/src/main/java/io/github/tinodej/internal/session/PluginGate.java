package io.github.tinodej.internal.session;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Codec;
import io.github.tinodej.model.Uid;
import io.github.tinodej.plugin.FireHose;
import io.github.tinodej.plugin.PluginSession;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;

/**
 * Where a client message meets the plugins' FireHose (Go's {@code Session.dispatch} asks
 * {@code pluginFireHose} before anything else): it goes on unchanged, is dropped, is replaced by
 * the plugin's version, or the plugin's answer goes to the client instead.
 */
final class PluginGate {
    private static final System.Logger LOG = System.getLogger(PluginGate.class.getName());

    private PluginGate() {
    }

    /**
     * @return the message to process (the original or the plugin's replacement), or null when the
     *     plugins dealt with it
     */
    static ClientMessage fireHose(Session s, ClientMessage m, String frame, Instant now) {
        String packet;
        String topic = null;
        String id;
        if (m.pub != null) {
            packet = "pub";
            topic = m.pub.topic;
            id = m.pub.id;
        } else if (m.sub != null) {
            packet = "sub";
            topic = m.sub.topic;
            id = m.sub.id;
        } else if (m.leave != null) {
            packet = "leave";
            topic = m.leave.topic;
            id = m.leave.id;
        } else if (m.hi != null) {
            packet = "hi";
            id = m.hi.id;
        } else if (m.login != null) {
            packet = "login";
            id = m.login.id;
        } else if (m.get != null) {
            packet = "get";
            topic = m.get.topic;
            id = m.get.id;
        } else if (m.set != null) {
            packet = "set";
            topic = m.set.topic;
            id = m.set.id;
        } else if (m.del != null) {
            packet = "del";
            topic = m.del.topic;
            id = m.del.id;
        } else if (m.acc != null) {
            packet = "acc";
            id = m.acc.id;
        } else if (m.note != null) {
            packet = "note";
            topic = m.note.topic;
            id = null;
        } else {
            return m;
        }
        FireHose verdict = s.services.plugins().fireHose(() -> describe(s), packet, topic, id, frame, now);
        switch (verdict.verdict()) {
            case DROP -> {
                return null;
            }
            case RESPOND -> {
                s.send(verdict.json());
                return null;
            }
            case REPLACE -> {
                try {
                    ClientMessage replaced = s.services.codec().parse(verdict.json());
                    Session.checkSecrets(replaced);
                    return replaced;
                } catch (Codec.MalformedException e) {
                    LOG.log(System.Logger.Level.WARNING, "a plugin replaced a message with a malformed one: {0}",
                            e.getMessage());
                    s.reply(id, topic, null, Ctrl.MALFORMED, now);
                    return null;
                }
            }
            default -> {
                return m;
            }
        }
    }

    private static PluginSession describe(Session s) {
        Uid uid = s.uid();
        return new PluginSession(s.sid(), uid == null || !uid.isValid() ? "" : uid.userId(), s.authLevel().name(),
                nz(s.userAgent()), nz(s.remoteAddress()), nz(s.deviceId()), nz(s.lang()));
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }
}

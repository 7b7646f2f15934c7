package io.github.tinodej.internal.topic;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Audio/video call signalling in p2p topics (protocol.md section 10): the server tracks one call per
 * topic, relays the call notes between the two party sessions as {@code {info}}, and records the
 * call's outcome as replacement messages. State lives on the topic's actor.
 */
final class TopicCalls {
    /** One call in progress. */
    static final class Call {
        final int seq;
        final ClientSession originator;
        final Uid caller;
        final JsonElement content;
        final JsonElement mime;
        final Map<ClientSession, Uid> parties = new LinkedHashMap<>();
        Instant acceptedAt;
        io.github.tinodej.server.Scheduler.Cancellable timer;

        Call(int seq, ClientSession originator, Uid caller, JsonElement content, JsonElement mime) {
            this.seq = seq;
            this.originator = originator;
            this.caller = caller;
            this.content = content;
            this.mime = mime;
            parties.put(originator, caller);
        }
    }

    private TopicCalls() {
    }

    /** Checks a {@code {pub}} that starts a call; replies and returns false if it may not. */
    static boolean mayStart(Topic t, ClientSession s, ClientMessage.Pub pub, Instant now) {
        if (t.services.config().iceServersJson() == null) {
            s.reply(pub.id, pub.topic, null, Ctrl.NOT_IMPLEMENTED, now);
            return false;
        }
        if (t.cat != Topic.Cat.P2P) {
            s.reply(pub.id, pub.topic, null, Ctrl.PERMISSION_DENIED, now);
            return false;
        }
        if (t.call != null) {
            s.reply(pub.id, pub.topic, null, Ctrl.CALL_BUSY, now);
            return false;
        }
        return true;
    }

    /** The call message was stored as {@code seq}: remember the call and start the ring timer. */
    static void started(Topic t, ClientSession s, int seq, JsonObject head, JsonElement content) {
        Call c = new Call(seq, s, s.uid(), content, head.get("mime"));
        t.call = c;
        Duration timeout = t.services.config().callTimeout();
        c.timer = t.services.schedule(() -> t.event(() -> {
            if (t.call == c && c.acceptedAt == null) {
                end(t, c, "missed", null, null);
            }
        }, () -> { }), timeout);
    }

    /** A {@code {note what:"call"}}. Anything not matching the active call is ignored. */
    static void note(Topic t, ClientSession s, ClientMessage.Note note) {
        Call c = t.call;
        int seq = Bounds.noteSeq(note.seq);
        if (t.cat != Topic.Cat.P2P || c == null || seq != c.seq || note.event == null) {
            return;
        }
        Uid uid = s.uid();
        boolean fromCaller = uid.equals(c.caller);
        switch (note.event) {
            case "ringing" -> {
                if (c.parties.size() < 2 && !fromCaller && s != c.originator) {
                    c.originator.send(info(t, t.original(c.caller, false), null, uid, "ringing", seq, null));
                }
            }
            case "accept" -> {
                if (fromCaller || c.parties.size() >= 2 || c.acceptedAt != null) {
                    return;
                }
                c.parties.put(s, uid);
                c.acceptedAt = t.services.now();
                if (c.timer != null) {
                    c.timer.cancel();
                }
                JsonObject head = replacementHead(c, "accepted");
                head.addProperty("sender", uid.userId());
                publishReplacement(t, c, head);
                String toOwnMe = info(t, "me", c.caller.userId(), uid, "accept", seq, note.payload);
                if (t.modeOf(uid).has(io.github.tinodej.model.AccessMode.PRES | io.github.tinodej.model.AccessMode.READ)) {
                    t.hub.toMe(uid, toOwnMe, s, null);
                }
                c.originator.send(info(t, t.original(c.caller, false), null, uid, "accept", seq, null));
            }
            case "offer", "answer", "ice-candidate" -> {
                if (c.acceptedAt == null || !c.parties.containsKey(s)) {
                    return;
                }
                for (Map.Entry<ClientSession, Uid> p : c.parties.entrySet()) {
                    if (p.getKey() != s) {
                        p.getKey().send(info(t, t.original(p.getValue(), false), null, uid, note.event, seq, note.payload));
                    }
                }
            }
            case "hang-up" -> {
                boolean allowed = c.acceptedAt != null ? c.parties.containsKey(s) : s == c.originator || !fromCaller;
                if (!allowed) {
                    return;
                }
                String outcome = c.acceptedAt != null ? "finished" : fromCaller ? "missed" : "declined";
                end(t, c, outcome, uid, s);
            }
            default -> {
                // Unknown events are ignored, as Tinode does.
            }
        }
    }

    /** A party session left or disconnected: the call ends as disconnected. */
    static void sessionLeft(Topic t, ClientSession s) {
        Call c = t.call;
        if (c != null && c.parties.containsKey(s)) {
            // Ended by the server: Go names nobody in the hang-up.
            end(t, c, "disconnected", null, null);
        }
    }

    /**
     * Ends the call with its outcome. {@code who} hung up ({@code s} is their session), or both are
     * null when the server ended it (ring timeout, a party gone).
     */
    private static void end(Topic t, Call c, String outcome, Uid who, ClientSession s) {
        t.call = null;
        if (c.timer != null) {
            c.timer.cancel();
        }
        JsonObject head = replacementHead(c, outcome);
        if ("finished".equals(outcome) && c.acceptedAt != null) {
            long ms = Duration.between(c.acceptedAt, t.services.now()).toMillis();
            if (ms > 0) {
                head.addProperty("webrtc-duration", ms);
            }
        }
        if (who != null && !who.equals(c.caller)) {
            // The message is the caller's; Go names who else caused the change.
            head.addProperty("sender", who.userId());
        }
        publishReplacement(t, c, head);
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            if (t.modeOf(e.getValue().uid()).isReader()) {
                e.getKey().send(info(t, t.original(e.getValue().uid(), false), null, null, "hang-up", c.seq, null));
            }
        }
        for (PerUser m : t.users.values()) {
            if (m.deleted() || !m.mode().has(io.github.tinodej.model.AccessMode.PRES | io.github.tinodej.model.AccessMode.READ)) {
                continue;
            }
            String frame = info(t, "me", t.original(m.uid, false), who, "hang-up", c.seq, null);
            t.hub.toMe(m.uid, frame, null, t.sessions.keySet());
        }
    }

    private static JsonObject replacementHead(Call c, String state) {
        JsonObject head = new JsonObject();
        head.addProperty("replace", ":" + c.seq);
        head.addProperty("webrtc", state);
        if (c.mime != null) {
            head.add("mime", c.mime);
        }
        return head;
    }

    /** Stores and fans out a server-made replacement message from the caller (no ack). */
    private static void publishReplacement(Topic t, Call c, JsonObject head) {
        int seq = TopicMessages.nextSeq(t);
        Instant now = t.services.now();
        JsonElement content = c.content == null ? JsonNull.INSTANCE : c.content;
        Message msg = new Message(t.name, seq, now, c.caller, head.toString(), content.toString(), 0);
        TopicMessages.save(t, msg, java.util.List.of());
        t.rec = t.rec.withSeq(seq, now);
        TopicMessages.broadcastData(t, msg, null);
        Presence.messagePosted(t, c.caller, seq, null);
        TopicPush.forData(t, msg, head);
        TopicPlugins.message(t, msg);
    }

    private static String info(Topic t, String topic, String src, Uid from, String event, int seq, JsonElement payload) {
        JsonObject i = new JsonObject();
        i.addProperty("topic", topic);
        if (src != null) {
            i.addProperty("src", src);
        }
        if (from != null) {
            i.addProperty("from", from.userId());
        }
        i.addProperty("what", "call");
        i.addProperty("seq", seq);
        i.addProperty("event", event);
        if (payload != null && !payload.isJsonNull()) {
            i.add("payload", payload);
        }
        return t.services.frames().wrap("info", i);
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.stream.JsonReader;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.protocol.Ctrl;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The client's node side of the proxy: per local session, the requests it forwarded to other
 * nodes that have not been answered yet, so that when such a node leaves, each gets {@code {ctrl
 * 502 "cluster unreachable"}} (as Tinode's proxy topic answers a request it cannot route to the
 * master) instead of no reply at all. A request counts as answered by the first {@code {ctrl}}
 * or {@code {meta}} frame carrying its id from that node. Requests without an id, and notes,
 * get no reply and are not kept. Thread-safe; each session's list is bounded (the oldest is
 * forgotten first: it then goes unanswered if its node dies, as before).
 */
final class InFlight {
    /** Well above what a client pipelines in practice; the bound only caps a misbehaving one. */
    static final int MAX_PER_SESSION = 1024;

    /** A forwarded request: the node it went to, its id, and the topic as the client named it. */
    record Req(String node, String id, String topic) {
    }

    private final Map<String, ArrayDeque<Req>> bySid = new ConcurrentHashMap<>();

    /** Session {@code sid} forwards request {@code op} of {@code m} to {@code node} (called before it goes). */
    void sent(String sid, String node, String op, ClientMessage m) {
        String[] it = idAndTopic(op, m);
        if (it != null) {
            sent(sid, node, it[0], it[1]);
        }
    }

    /** The id and topic of request {@code op} of {@code m}; null for a note, which gets no reply. */
    static String[] idAndTopic(String op, ClientMessage m) {
        return switch (op) {
            case "sub" -> new String[] {m.sub.id, m.sub.topic};
            case "leave" -> new String[] {m.leave.id, m.leave.topic};
            case "pub" -> new String[] {m.pub.id, m.pub.topic};
            case "get" -> new String[] {m.get.id, m.get.topic};
            case "set" -> new String[] {m.set.id, m.set.topic};
            case "del" -> new String[] {m.del.id, m.del.topic};
            default -> null;
        };
    }

    /**
     * Answers {@code {ctrl 502 "cluster unreachable"}} to every kept request of {@code sid} (or of
     * every session when null) that went to a node {@code lost} accepts, each session's in the
     * order it sent them.
     */
    void answerLost(String sid, Predicate<String> lost, Function<String, ClientSession> sessions, Instant now) {
        for (String one : sid == null ? sessions() : Set.of(sid)) {
            List<Req> reqs = lost(one, lost);
            ClientSession s = sessions.apply(one);
            if (s == null) {
                forget(one);
                continue;
            }
            for (Req r : reqs) {
                s.reply(r.id(), r.topic(), null, Ctrl.CLUSTER_UNREACHABLE, now);
            }
        }
    }

    /** Session {@code sid} forwarded request {@code id} to {@code node}. */
    void sent(String sid, String node, String id, String topic) {
        if (id == null || id.isEmpty()) {
            return;
        }
        ArrayDeque<Req> q = bySid.computeIfAbsent(sid, k -> new ArrayDeque<>());
        synchronized (q) {
            if (q.size() >= MAX_PER_SESSION) {
                q.pollFirst();
            }
            q.addLast(new Req(node, id, topic));
        }
    }

    /** A frame from {@code node} for session {@code sid}: if it replies to a kept request, that one is done. */
    void frame(String sid, String node, String frame) {
        ArrayDeque<Req> q = bySid.get(sid);
        if (q == null || !(frame.startsWith("{\"ctrl\":{\"id\":") || frame.startsWith("{\"meta\":{\"id\":"))) {
            return;
        }
        String id = replyId(frame);
        if (id == null) {
            return;
        }
        synchronized (q) {
            for (Iterator<Req> it = q.iterator(); it.hasNext();) {
                Req r = it.next();
                if (r.id().equals(id) && r.node().equals(node)) {
                    it.remove();
                    return;
                }
            }
        }
    }

    /** Takes, in the order they were sent, the requests of {@code sid} to nodes {@code lost} accepts. */
    List<Req> lost(String sid, Predicate<String> lost) {
        ArrayDeque<Req> q = bySid.get(sid);
        List<Req> out = new ArrayList<>();
        if (q == null) {
            return out;
        }
        synchronized (q) {
            for (Iterator<Req> it = q.iterator(); it.hasNext();) {
                Req r = it.next();
                if (lost.test(r.node())) {
                    out.add(r);
                    it.remove();
                }
            }
        }
        return out;
    }

    /** The sessions with requests kept. */
    Set<String> sessions() {
        return Set.copyOf(bySid.keySet());
    }

    /** The session ended. */
    void forget(String sid) {
        bySid.remove(sid);
    }

    /** The id of a {@code {ctrl}} or {@code {meta}} frame this server wrote (id is its first field). */
    private static String replyId(String frame) {
        try (JsonReader r = new JsonReader(new StringReader(frame))) {
            r.beginObject();
            r.nextName();
            r.beginObject();
            if (!"id".equals(r.nextName()) || r.peek() != JsonToken.STRING) {
                return null;
            }
            return r.nextString();
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }
}

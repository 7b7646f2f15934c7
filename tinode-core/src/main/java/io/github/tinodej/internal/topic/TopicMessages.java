package io.github.tinodej.internal.topic;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.Attachments;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DelLogEntry;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Messages: {@code {pub}}, {@code {get data}}, {@code {get del}}, {@code {del msg}} and {@code {note}}. */
final class TopicMessages {
    /** Tinode's default and maximum page size for history. */
    static final int MAX_PAGE = 100;
    /** Most ids a multi-range delete may cover. */
    static final int MAX_DELETE_IDS = 1024;

    private TopicMessages() {
    }

    // ---- publish ----

    static void publish(Topic t, ClientSession s, ClientMessage m, Instant now) {
        ClientMessage.Pub pub = m.pub;
        Uid uid = s.uid();
        if (!t.exists()) {
            s.reply(pub.id, pub.topic, null, Ctrl.TOPIC_NOT_FOUND, now);
            return;
        }
        if (t.cat != Topic.Cat.SYS) {
            if (!t.sessions.containsKey(s)) {
                s.reply(pub.id, pub.topic, null, Ctrl.ATTACH_FIRST, now);
                return;
            }
            if (t.readOnly || !t.modeOf(uid).isWriter()) {
                s.reply(pub.id, pub.topic, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
        }
        JsonObject head = PubHead.stored(pub.head, uid, s.user());
        JsonElement content = pub.content == null ? JsonNull.INSTANCE : pub.content;
        boolean callStart = head != null && head.has("webrtc") && head.get("webrtc").isJsonPrimitive()
                && "started".equals(head.get("webrtc").getAsString());
        if (callStart && !TopicCalls.mayStart(t, s, pub, now)) {
            return;
        }
        int seq = nextSeq(t);
        Message msg = new Message(t.name, seq, now, uid, head == null ? null : head.toString(), content.toString(), 0);
        // The references are part of the message's store write (reliability.md A4 item 1): an
        // acknowledged message never points at an upload garbage collection may take.
        List<String> files = m.extra == null ? List.of()
                : Attachments.accepted(t.services.config().media(), t.services.store(), uid, m.extra.attachments, false);
        // The topic waits for the commit without holding a thread (other topics' messages join the
        // same transaction); the ack and the broadcast follow only once the message is durable.
        t.await(saveAsync(t, msg, files), (ok, error) -> {
            if (error != null) {
                s.reply(pub.id, pub.topic, null, ErrorMap.toCtrl(error), now);
                return;
            }
            published(t, s, pub, msg, head, content, callStart, now);
        });
    }

    /** What follows a publish once its message is stored: ack, broadcast, presence, push, plugins. */
    private static void published(Topic t, ClientSession s, ClientMessage.Pub pub, Message msg, JsonObject head,
            JsonElement content, boolean callStart, Instant now) {
        int seq = msg.seq();
        t.rec = t.rec.withSeq(seq, now);
        PerUser pu = t.users.get(s.uid());
        if (pu != null) {
            pu.sub = pu.sub.withSeqs(seq, seq);
        }
        if (pub.id != null && !pub.id.isEmpty()) {
            JsonObject p = new JsonObject();
            p.addProperty("seq", seq);
            s.reply(pub.id, pub.topic, p, Ctrl.ACCEPTED, now);
        }
        ClientSession skip = Boolean.TRUE.equals(pub.noecho) ? s : null;
        broadcastData(t, msg, skip);
        Presence.messagePosted(t, s.uid(), seq, s);
        TopicPush.forData(t, msg, head);
        TopicPlugins.message(t, msg);
        if (callStart) {
            TopicCalls.started(t, s, seq, head, content);
        }
    }

    /**
     * The seq for the next message. If a store failure left the topic's counters in doubt they are
     * read back first; while the store is still down that read fails and so does the request.
     */
    static int nextSeq(Topic t) {
        if (t.countersInDoubt) {
            reloadCounters(t);
        }
        return t.rec.seqId() + 1;
    }

    /**
     * Saves a message. A failure may be ambiguous: the commit can have reached the database with
     * its OK lost on the way back. Keeping the old in-memory seq then collides with the stored row
     * on every later publish (409 forever while sessions stay attached), so the topic re-reads its
     * seq and delId from the store before its next write (reliability.md A4 item 2). Not at once:
     * while the database is unreachable that read would make the failure reply wait a second
     * connection timeout. Tinode's topic.go has the same gap; the failed message may turn out
     * stored (at-least-once).
     */
    static void save(Topic t, Message msg, List<String> files) {
        try {
            t.services.store().saveMessage(msg, files);
        } catch (RuntimeException e) {
            t.countersInDoubt = true;
            throw e;
        }
    }

    /** {@link #save} without holding the topic's thread; a failure puts the counters in doubt alike. */
    private static java.util.concurrent.CompletionStage<Void> saveAsync(Topic t, Message msg, List<String> files) {
        java.util.concurrent.CompletionStage<Void> stage;
        try {
            stage = t.services.store().saveMessageAsync(msg, files);
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return stage.whenComplete((ok, e) -> {
            if (e != null) {
                // Written by the store's thread, read by the topic's next task: the topic resumes
                // through the pool after this, which orders the two.
                t.countersInDoubt = true;
            }
        });
    }

    /**
     * Takes seq and delId from the stored record. Never lowers them: soft deletes advance the
     * in-memory delId only, and a counter in memory was only advanced after its write succeeded.
     */
    private static void reloadCounters(Topic t) {
        TopicRecord stored = t.services.store().getTopic(t.name).orElse(null);
        if (stored != null && t.rec != null) {
            TopicRecord r = t.rec;
            if (stored.seqId() > r.seqId()) {
                r = r.withSeq(stored.seqId(), stored.touched());
            }
            if (stored.delId() > r.delId()) {
                r = r.withDelId(stored.delId());
            }
            t.rec = r;
        }
        t.countersInDoubt = false;
    }

    /** Sends {@code {data}} to every attached session allowed to read; each name variant is encoded once. */
    static void broadcastData(Topic t, Message msg, ClientSession skip) {
        Map<String, String> frames = new HashMap<>();
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            ClientSession s = e.getKey();
            if (s == skip) {
                continue;
            }
            Attachment a = e.getValue();
            if (!a.asChan() && !t.modeOf(a.uid()).isReader()) {
                continue;
            }
            String topic = t.original(a.uid(), a.asChan());
            String key = topic + (a.asChan() ? "/c" : "");
            String frame = frames.computeIfAbsent(key, k -> dataFrame(t, topic, a.asChan() ? null : msg.from(), msg));
            s.send(frame);
        }
    }

    static String dataFrame(Topic t, String topic, Uid from, Message msg) {
        return t.services.frames().data(topic, from != null && from.isValid() ? from.userId() : null, msg.created(),
                msg.seq(), msg.headJson(), msg.contentJson());
    }

    // ---- history ----

    static void getData(Topic t, ClientSession s, String id, String topic, ClientMessage.GetOpts o, Instant now) {
        if (o != null && (o.ims != null || o.user != null && !o.user.isEmpty() || o.topic != null && !o.topic.isEmpty())) {
            s.reply(id, topic, null, Ctrl.MALFORMED, now);
            return;
        }
        Uid uid = s.uid();
        Attachment a = t.sessions.get(s);
        boolean asChan = a != null && a.asChan();
        if (!asChan && !t.modeOf(uid).isReader()) {
            s.reply(id, topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        int since = o == null ? 0 : Bounds.seq(o.since);
        int before = o == null ? 0 : Bounds.seq(o.before);
        int limit = o == null ? MAX_PAGE : Bounds.limit(o.limit, MAX_PAGE);
        List<SeqRange> ranges = new ArrayList<>();
        if (o != null && o.ranges != null) {
            if (o.ranges.size() > MAX_DELETE_IDS) {
                // Each range is a condition in the store's query; the SDK sends a handful.
                s.reply(id, topic, null, Ctrl.MALFORMED, now);
                return;
            }
            for (ClientMessage.Range r : o.ranges) {
                long low = r.low == null ? 0 : r.low;
                long hi = r.hi == null ? 0 : r.hi;
                if (low <= 0 || hi < 0 || hi != 0 && hi <= low || low > Integer.MAX_VALUE) {
                    s.reply(id, topic, null, Ctrl.MALFORMED, now);
                    return;
                }
                ranges.add(new SeqRange((int) low, (int) Math.min(hi, Integer.MAX_VALUE)));
            }
        }
        List<Message> list = t.services.store().getMessages(t.name, uid, new MessageQuery(since, before, ranges, limit));
        if (list.isEmpty()) {
            s.reply(id, topic, Frames.what("data"), Ctrl.NO_CONTENT, now);
            return;
        }
        for (Message m : list) {
            s.send(dataFrame(t, topic, asChan ? null : m.from(), m));
        }
        JsonObject p = Frames.what("data");
        p.addProperty("count", list.size());
        s.reply(id, topic, p, Ctrl.DELIVERED, now);
    }

    static void getDel(Topic t, ClientSession s, String id, String topic, ClientMessage.GetOpts o, Instant now) {
        if (o != null && (o.ims != null || o.user != null && !o.user.isEmpty() || o.topic != null && !o.topic.isEmpty())) {
            s.reply(id, topic, null, Ctrl.MALFORMED, now);
            return;
        }
        Uid uid = s.uid();
        if (!t.modeOf(uid).isReader()) {
            s.reply(id, topic, Frames.what("del"), Ctrl.NO_CONTENT, now);
            return;
        }
        int since = o == null ? 0 : Bounds.seq(o.since);
        int before = o == null ? 0 : Bounds.seq(o.before);
        int limit = o == null ? 1024 : Bounds.limit(o.limit, 1024);
        List<DelLogEntry> log = t.services.store().getDeletions(t.name, uid, since, before, limit);
        if (log.isEmpty()) {
            s.reply(id, topic, Frames.what("del"), Ctrl.NO_CONTENT, now);
            return;
        }
        int clear = 0;
        List<SeqRange> ranges = new ArrayList<>();
        for (DelLogEntry e : log) {
            clear = Math.max(clear, e.delId());
            ranges.add(e.range());
        }
        JsonObject del = new JsonObject();
        del.addProperty("clear", clear);
        del.add("delseq", Presence.rangesJson(normalize(ranges, Integer.MAX_VALUE)));
        s.send(t.services.frames().meta(id, topic, now, "del", del));
    }

    // ---- delete messages ----

    static void delMsg(Topic t, ClientSession s, ClientMessage.Del del, Instant now) {
        Uid uid = s.uid();
        if (!t.sessions.containsKey(s)) {
            s.reply(del.id, del.topic, null, Ctrl.ATTACH_FIRST, now);
            return;
        }
        Attachment a = t.sessions.get(s);
        if (a.asChan()) {
            s.reply(del.id, del.topic, null, Ctrl.OPERATION_NOT_ALLOWED, now);
            return;
        }
        AccessMode mode = t.modeOf(uid);
        if (!mode.isReader()) {
            // Go checks the permission before the ranges.
            s.reply(del.id, del.topic, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        List<SeqRange> ranges = DeleteRanges.of(del.delseq, t.rec.seqId());
        if (ranges == null) {
            s.reply(del.id, del.topic, null, Ctrl.MALFORMED, now);
            return;
        }
        boolean hard = Boolean.TRUE.equals(del.hard) && mode.has(AccessMode.DELETE);
        if (t.countersInDoubt) {
            reloadCounters(t);
        }
        int delId = t.rec.delId() + 1;
        java.time.Duration age = t.services.config().limits().msgDeleteAge();
        Instant cutoff = hard && !age.isZero() ? now.minus(age) : null;
        try {
            t.services.store().deleteMessages(t.name, delId, hard ? Uid.ZERO : uid, ranges, cutoff);
        } catch (RuntimeException e) {
            // As for a publish: the delete may have committed, so its delId may be taken.
            t.countersInDoubt = true;
            throw e;
        }
        // Delete ids are allocated per topic for hard and soft deletes alike.
        t.rec = t.rec.withDelId(delId);
        PerUser pu = t.users.get(uid);
        if (!hard && pu != null) {
            pu.sub = new io.github.tinodej.model.Subscription(pu.sub.topic(), pu.sub.user(), pu.sub.created(),
                    pu.sub.updated(), pu.sub.deleted(), pu.sub.want(), pu.sub.given(), pu.sub.privateJson(),
                    pu.sub.readSeq(), pu.sub.recvSeq(), delId);
        }
        JsonObject p = new JsonObject();
        p.addProperty("del", delId);
        s.reply(del.id, del.topic, p, Ctrl.OK, now);
        Presence.messagesDeleted(t, uid, delId, ranges, hard, s);
    }

    /** Sorts by low, merges overlaps, clips to {@code limit} (exclusive). */
    static List<SeqRange> normalize(List<SeqRange> in, int limit) {
        List<SeqRange> sorted = new ArrayList<>(in);
        sorted.sort((x, y) -> Integer.compare(x.low(), y.low()));
        List<int[]> merged = new ArrayList<>();
        for (SeqRange r : sorted) {
            int lo = r.low();
            int end = Math.min(r.end(), limit);
            if (end <= lo) {
                continue;
            }
            if (!merged.isEmpty() && lo <= merged.get(merged.size() - 1)[1]) {
                int[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], end);
            } else {
                merged.add(new int[] {lo, end});
            }
        }
        List<SeqRange> out = new ArrayList<>();
        for (int[] m : merged) {
            out.add(new SeqRange(m[0], m[1] == m[0] + 1 ? 0 : m[1]));
        }
        return out;
    }

    // ---- notes ----

    static void note(Topic t, ClientSession s, ClientMessage.Note note, Instant now) {
        if (!t.exists()) {
            return;
        }
        Uid uid = s.uid();
        String what = note.what == null ? "" : note.what;
        int seq = Bounds.noteSeq(note.seq);
        boolean attachedHere = t.sessions.containsKey(s);
        switch (what) {
            case "kp", "kpa", "kpv" -> {
                if (seq != 0) {
                    return;
                }
            }
            case "read", "recv" -> {
                if (seq <= 0 || seq > t.rec.seqId()) {
                    return;
                }
            }
            case "data" -> {
                if (note.payload == null || note.payload.isJsonNull()) {
                    return;
                }
            }
            case "call" -> {
                if (seq > 0 && seq <= t.rec.seqId()) {
                    TopicCalls.note(t, s, note);
                }
                return;
            }
            default -> {
                return;
            }
        }
        if (!attachedHere && !"recv".equals(what)) {
            s.reply(null, note.topic, null, Ctrl.ATTACH_FIRST, now);
            return;
        }
        PerUser pu = t.users.get(uid);
        AccessMode mode = t.modeOf(uid);
        Attachment a = t.sessions.get(s);
        boolean asChan = a != null && a.asChan();
        switch (what) {
            case "kp", "kpa", "kpv" -> {
                if (!mode.isWriter() || t.readOnly) {
                    return;
                }
            }
            case "read", "recv" -> {
                if (!asChan && !mode.isReader() || pu == null) {
                    return;
                }
                int read = pu.sub.readSeq();
                int recv = pu.sub.recvSeq();
                if ("read".equals(what)) {
                    if (seq <= read) {
                        return;
                    }
                    read = seq;
                    recv = Math.max(recv, seq);
                } else {
                    if (seq <= recv) {
                        return;
                    }
                    recv = seq;
                }
                pu.sub = pu.sub.withSeqs(read, recv);
                t.saveSub(pu);
                if ("read".equals(what)) {
                    TopicPush.forRead(t, uid, seq, now);
                }
                if (mode.isPresencer() || asChan) {
                    // The user's other sessions: Go filters this on P like every 'me' notification.
                    JsonObject p = t.pres("me", t.original(uid, asChan), what);
                    p.addProperty("seq", seq);
                    t.toMeOffline(uid, p, s);
                }
                if (asChan) {
                    return;
                }
            }
            default -> {
            }
        }
        // {info} to attached readers, and on 'me' to readers not attached.
        Map<String, String> frames = new HashMap<>();
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            ClientSession other = e.getKey();
            Attachment oa = e.getValue();
            if (other == s || oa.asChan() || !t.modeOf(oa.uid()).isReader()) {
                continue;
            }
            if ("kp".equals(what) && oa.uid().equals(uid)) {
                continue;
            }
            String topic = t.original(oa.uid(), false);
            other.send(frames.computeIfAbsent(topic, k -> info(t, topic, null, uid, what, seq)));
        }
        // Every note, typing included, also reaches members' 'me' sessions not attached here
        // (Go's infoSubsOffline): the chat list shows "typing..." for a conversation not open.
        // As on the topic, one's own typing is not echoed to one's other sessions.
        for (PerUser member : t.users.values()) {
            if (member.deleted() || member.isChan || !member.mode().has(AccessMode.PRES | AccessMode.READ)
                    || "kp".equals(what) && member.uid.equals(uid)) {
                continue;
            }
            String frame = info(t, "me", t.original(member.uid, false), uid, what, seq);
            t.hub.toMe(member.uid, frame, s, t.sessions.keySet());
        }
    }

    private static String info(Topic t, String topic, String src, Uid from, String what, int seq) {
        JsonObject i = new JsonObject();
        i.addProperty("topic", topic);
        if (src != null) {
            i.addProperty("src", src);
        }
        i.addProperty("from", from.userId());
        i.addProperty("what", what);
        if (seq > 0) {
            i.addProperty("seq", seq);
        }
        return t.services.frames().wrap("info", i);
    }
}

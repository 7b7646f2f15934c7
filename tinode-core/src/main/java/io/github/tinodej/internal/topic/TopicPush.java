package io.github.tinodej.internal.topic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.push.PushEvents;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushReceipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The push receipts a topic emits (Tinode's push.go: {@code pushForData}, {@code pushForP2PSub},
 * {@code pushForGroupSub}, {@code pushForReadRcpt}). Runs on the topic's actor; the receipt is
 * queued, never sent here.
 */
final class TopicPush {
    private TopicPush() {
    }

    /**
     * A new message: to every member with P and R (not deleted, not a channel reader), the sender
     * included; channel readers through the channel. {@code delivered} counts the user's sessions
     * attached now; the sender's is at least 1 so their devices get a silent push.
     */
    static void forData(Topic t, Message msg, JsonObject head) {
        PushEvents push = t.services.push();
        if (!push.enabled()) {
            return;
        }
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        Map<Uid, PushEvents.Seen> seen = new HashMap<>();
        for (PerUser pu : t.users.values()) {
            if (pu.isChan || pu.deleted() || !pu.mode().has(AccessMode.PRES | AccessMode.READ)) {
                continue;
            }
            boolean sender = pu.uid.equals(msg.from());
            List<String> devices = new ArrayList<>();
            int online = attached(t, pu.uid, devices);
            to.put(pu.uid, new PushReceipt.Recipient(sender ? Math.max(online, 1) : online, devices, 0));
            seen.put(pu.uid, new PushEvents.Seen(msg.seq(), sender ? msg.seq() : pu.sub.readSeq()));
        }
        String webrtc = string(head, "webrtc");
        PushReceipt.Payload p = new PushReceipt.Payload(PushReceipt.MSG, false, t.name, msg.created(),
                msg.from() != null && msg.from().isValid() ? msg.from() : null, msg.seq(), string(head, "mime"),
                msg.contentJson(), webrtc, webrtc != null && bool(head, "aonly"), string(head, "replace"), null, null);
        String channel = t.cat == Topic.Cat.GRP && t.rec.channel() ? Names.chn(t.name) : null;
        push.submit(new PushReceipt(to, channel, p), t.name, seen);
    }

    /**
     * A new p2p subscription (to the peer, the topic named as the peer names it) or an invitation
     * into a group (to the invitee), with the recipient's modes.
     */
    static void forSub(Topic t, Uid from, Uid target, AccessMode want, AccessMode given, Instant now) {
        PushEvents push = t.services.push();
        if (!push.enabled()) {
            return;
        }
        String topic = t.cat == Topic.Cat.P2P ? from.userId() : t.name;
        Map<Uid, PushReceipt.Recipient> to = Map.of(target, new PushReceipt.Recipient(0, List.of(), 0));
        push.submit(new PushReceipt(to, null, subPayload(t, topic, from, want, given, now)), t.name, seen(t, to));
    }

    /** A new group member: every member with P and R hears of it, with the new member's modes. */
    static void forGroupSub(Topic t, Uid from, Instant now) {
        PushEvents push = t.services.push();
        PerUser member = t.users.get(from);
        if (!push.enabled() || member == null) {
            return;
        }
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        for (PerUser pu : t.users.values()) {
            if (!pu.isChan && !pu.deleted() && pu.mode().has(AccessMode.PRES | AccessMode.READ)) {
                to.put(pu.uid, new PushReceipt.Recipient(0, List.of(), 0));
            }
        }
        PushReceipt.Payload p = subPayload(t, t.name, from, member.want(), member.given(), now);
        push.submit(new PushReceipt(to, null, p), t.name, seen(t, to));
    }

    /** Messages read: a silent push to the reader's devices, so they clear the notification and badge. */
    static void forRead(Topic t, Uid reader, int seq, Instant now) {
        PushEvents push = t.services.push();
        if (!push.enabled()) {
            return;
        }
        Map<Uid, PushReceipt.Recipient> to = Map.of(reader, new PushReceipt.Recipient(0, List.of(), 0));
        PushReceipt.Payload p = new PushReceipt.Payload(PushReceipt.READ, true, t.original(reader, false), now,
                reader, seq, null, null, null, false, null, null, null);
        push.submit(new PushReceipt(to, null, p), t.name, seen(t, to));
    }

    /** The channel is gone: a silent {@code sub} with no access to the channel's FCM topic (Go's pushForChanDelete). */
    static void forChannelDeleted(Topic t, Instant now) {
        PushEvents push = t.services.push();
        if (push.enabled()) {
            String chn = Names.chn(t.name);
            PushReceipt.Payload p = new PushReceipt.Payload(PushReceipt.SUB, true, chn, now, null, 0, null, null, null,
                    false, null, AccessMode.NONE, AccessMode.NONE);
            push.submit(new PushReceipt(Map.of(), chn, p), t.name, Map.of());
        }
    }

    /** A channel reader's devices join ({@code join}) or leave the channel's FCM topic. */
    static void channel(Topic t, Uid uid, boolean join) {
        t.services.push().channel(new ChannelRequest(uid, null, Names.chn(t.name), !join));
    }

    /** The user left the topic: its messages no longer count as unread. */
    static void unsubscribed(Topic t, Uid uid) {
        t.services.push().unsubscribed(uid, t.name);
    }

    private static PushReceipt.Payload subPayload(Topic t, String topic, Uid from, AccessMode want, AccessMode given,
            Instant now) {
        return new PushReceipt.Payload(PushReceipt.SUB, false, topic, now, from, t.rec.seqId(), null, null, null,
                false, null, want, given);
    }

    private static Map<Uid, PushEvents.Seen> seen(Topic t, Map<Uid, PushReceipt.Recipient> to) {
        Map<Uid, PushEvents.Seen> seen = new HashMap<>();
        for (Uid uid : to.keySet()) {
            PerUser pu = t.users.get(uid);
            if (pu != null && !pu.isChan && !pu.deleted() && pu.mode().isReader()) {
                seen.put(uid, new PushEvents.Seen(t.rec.seqId(), pu.sub.readSeq()));
            }
        }
        return seen;
    }

    /** The user's sessions attached as a member, and their device tokens. */
    private static int attached(Topic t, Uid uid, List<String> devices) {
        int n = 0;
        for (Map.Entry<ClientSession, Attachment> e : t.sessions.entrySet()) {
            if (!e.getValue().asChan() && e.getValue().uid().equals(uid)) {
                n++;
                String dev = e.getKey().deviceId();
                if (dev != null && !dev.isEmpty() && !devices.contains(dev)) {
                    devices.add(dev);
                }
            }
        }
        return n;
    }

    private static String string(JsonObject head, String key) {
        JsonElement v = head == null ? null : head.get(key);
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? v.getAsString() : null;
    }

    private static boolean bool(JsonObject head, String key) {
        JsonElement v = head == null ? null : head.get(key);
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean();
    }
}

package io.github.tinodej.push.stock;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.store.MemoryStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Receipts as the engine makes them for each event kind, and the devices they go to. */
final class PushFixtures {
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant TS = Instant.parse("2026-01-02T03:04:05.678Z");
    static final String EXPIRES = Long.toString(NOW.getEpochSecond() + 3600);
    static final Uid ALICE = new Uid(0x1111L);
    static final Uid BOB = new Uid(0x2222L);
    static final String A = ALICE.userId();
    static final String B = BOB.userId();
    static final String P2P = "p2p" + Base64.getUrlEncoder().withoutPadding().encodeToString(
            ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(ALICE.value()).putLong(BOB.value()).array());
    static final String GRP = "grpAAAAAAAAAAA";
    static final String CHN = "chnAAAAAAAAAAA";

    private PushFixtures() {
    }

    /** Alice: a live Android device and an idle iPhone; Bob: Android, iPhone and a browser. */
    static MemoryStore store() {
        MemoryStore s = new MemoryStore();
        s.upsertDevice(ALICE, new Device("tok-a", "android", NOW, "en"));
        s.upsertDevice(ALICE, new Device("tok-a-ios", "ios", NOW, "en"));
        s.upsertDevice(BOB, new Device("tok-b", "android", NOW, "en"));
        s.upsertDevice(BOB, new Device("tok-b-ios", "ios", NOW, "en"));
        s.upsertDevice(BOB, new Device("tok-b-web", "web", NOW, "en"));
        return s;
    }

    static PushReceipt.Payload msg(String topic, String head, String content) {
        String webrtc = head.contains("webrtc") ? "started" : null;
        String replace = head.contains("replace") ? ":4" : null;
        return new PushReceipt.Payload(PushReceipt.MSG, false, topic, TS, ALICE, 5, "text/x-drafty", content, webrtc,
                webrtc != null, replace, null, null);
    }

    /** Alice writes to Bob in p2p; Alice's Android saw it live, Bob is offline with 3 unread. */
    static PushReceipt p2p(String head, String content) {
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        to.put(ALICE, new PushReceipt.Recipient(1, List.of("tok-a"), 0));
        to.put(BOB, new PushReceipt.Recipient(0, List.of(), 3));
        return new PushReceipt(to, null, msg(P2P, head, content));
    }

    /** Alice writes in a group; Bob is an offline member. */
    static PushReceipt group() {
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        to.put(BOB, new PushReceipt.Recipient(0, List.of(), 1));
        return new PushReceipt(to, null, msg(GRP, "", "\"hi all\""));
    }

    /** Alice posts in a channel she owns (her own devices left out here); readers through the channel. */
    static PushReceipt channel() {
        return new PushReceipt(Map.of(), CHN, msg(GRP, "", "\"news\""));
    }

    /** Alice opened a p2p topic with Bob. */
    static PushReceipt sub() {
        return new PushReceipt(Map.of(BOB, new PushReceipt.Recipient(0, List.of(), 0)), null,
                new PushReceipt.Payload(PushReceipt.SUB, false, A, TS, ALICE, 0, null, null, null, false, null,
                        AccessMode.parse("JRWPAD"), AccessMode.parse("JRWPA")));
    }

    /** Bob read up to 5 in his p2p topic with Alice. */
    static PushReceipt read() {
        return new PushReceipt(Map.of(BOB, new PushReceipt.Recipient(0, List.of(), 0)), null,
                new PushReceipt.Payload(PushReceipt.READ, true, A, TS, BOB, 5, null, null, null, false, null, null, null));
    }

    static String data(String topic, String extra) {
        return "{\"content\":\"Hello world\",\"mime\":\"text/x-drafty\",\"rc\":\"{\\\"txt\\\":\\\"Hello world\\\"}\","
                + "\"seq\":\"5\"," + extra + "\"topic\":\"" + topic + "\",\"ts\":\"2026-01-02T03:04:05.678Z\","
                + "\"what\":\"msg\",\"xfrom\":\"" + A + "\"}";
    }

    static String apns(String topic, String badge, String priority, String type, String level, String expires) {
        return "{\"headers\":{\"apns-collapse-id\":\"" + topic + "\",\"apns-expiration\":\"" + expires
                + "\",\"apns-priority\":\"" + priority + "\",\"apns-push-type\":\"" + type + "\",\"apns-topic\":\"%s\"},"
                + "\"payload\":{\"aps\":{" + badge + "\"content-available\":1,\"interruption-level\":\"" + level
                + "\",\"mutable-content\":1,\"sound\":\"default\",\"thread-id\":\"" + topic + "\"}}}";
    }
}

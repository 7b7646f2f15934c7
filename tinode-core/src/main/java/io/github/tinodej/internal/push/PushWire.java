package io.github.tinodej.internal.push;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A draft receipt with its topic figures as JSON between cluster nodes (Tinode's
 * {@code UserCacheReq} carrying a {@code PushRcpt}): the node that masters the topic sends each
 * recipient's part to the node that owns the recipient, where the unread count is kept. Lossless
 * for every field of {@link PushReceipt}; unread counts are not sent (the owner fills them in).
 */
final class PushWire {
    private PushWire() {
    }

    static JsonObject encode(PushReceipt draft, String topic, Map<Uid, PushEvents.Seen> seen) {
        JsonObject to = new JsonObject();
        for (Map.Entry<Uid, PushReceipt.Recipient> e : draft.to().entrySet()) {
            JsonObject r = new JsonObject();
            r.addProperty("d", e.getValue().delivered());
            JsonArray dev = new JsonArray();
            e.getValue().devices().forEach(dev::add);
            r.add("dv", dev);
            PushEvents.Seen s = seen.get(e.getKey());
            if (s != null) {
                r.addProperty("l", s.last());
                r.addProperty("r", s.read());
            }
            to.add(e.getKey().userId(), r);
        }
        PushReceipt.Payload p = draft.payload();
        JsonObject pl = new JsonObject();
        pl.addProperty("what", p.what());
        pl.addProperty("silent", p.silent());
        pl.addProperty("topic", p.topic());
        pl.addProperty("ts", p.ts().toString());
        put(pl, "from", p.from() == null ? null : p.from().userId());
        pl.addProperty("seq", p.seq());
        put(pl, "mime", p.mime());
        put(pl, "content", p.contentJson());
        put(pl, "webrtc", p.webrtc());
        pl.addProperty("aonly", p.audioOnly());
        put(pl, "replace", p.replace());
        if (p.want() != null) {
            pl.addProperty("want", p.want().bits());
        }
        if (p.given() != null) {
            pl.addProperty("given", p.given().bits());
        }
        JsonObject o = new JsonObject();
        o.addProperty("n", topic);
        o.add("to", to);
        o.add("p", pl);
        return o;
    }

    /** What {@link #encode} wrote, decoded. */
    record Decoded(PushReceipt draft, String topic, Map<Uid, PushEvents.Seen> seen) {
    }

    static Decoded decode(JsonObject o) {
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        Map<Uid, PushEvents.Seen> seen = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("to").entrySet()) {
            Uid uid = Uid.parseUserId(e.getKey());
            JsonObject r = e.getValue().getAsJsonObject();
            List<String> devices = new ArrayList<>();
            r.getAsJsonArray("dv").forEach(d -> devices.add(d.getAsString()));
            to.put(uid, new PushReceipt.Recipient(r.get("d").getAsInt(), devices, 0));
            if (r.has("l")) {
                seen.put(uid, new PushEvents.Seen(r.get("l").getAsInt(), r.get("r").getAsInt()));
            }
        }
        JsonObject pl = o.getAsJsonObject("p");
        String from = str(pl, "from");
        PushReceipt.Payload p = new PushReceipt.Payload(str(pl, "what"), pl.get("silent").getAsBoolean(),
                str(pl, "topic"), Instant.parse(str(pl, "ts")), from == null ? null : Uid.parseUserId(from),
                pl.get("seq").getAsInt(), str(pl, "mime"), str(pl, "content"), str(pl, "webrtc"),
                pl.get("aonly").getAsBoolean(), str(pl, "replace"), mode(pl, "want"), mode(pl, "given"));
        return new Decoded(new PushReceipt(to, null, p), str(o, "n"), seen);
    }

    private static void put(JsonObject o, String key, String value) {
        if (value != null) {
            o.addProperty(key, value);
        }
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static AccessMode mode(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null ? null : AccessMode.of(e.getAsInt());
    }
}

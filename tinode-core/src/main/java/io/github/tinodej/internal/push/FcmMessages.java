package io.github.tinodej.internal.push;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * FCM HTTP v1 message objects for a receipt, one per device plus one for the channel
 * (protocol.md section 11.2; Tinode's fcm/payload.go). TNPG takes the same objects.
 */
public final class FcmMessages {
    /** Tinode's default time to live of a push, seconds. */
    static final int DEFAULT_TTL = 3600;
    /** Time to live of a call push on iOS, seconds. */
    static final int VOIP_TTL = 10;

    /**
     * What shapes the platform blocks (Tinode's fcm config).
     *
     * @param timeToLive seconds, 0 for the default
     * @param apnsBundleId the {@code apns-topic} header
     * @param android the {@code android} section ({@code enabled} plus notification fields), or null
     * @param apns the {@code apns} section, or null
     * @param webpush true to add an empty {@code webpush} block for web devices
     */
    public record Options(int timeToLive, String apnsBundleId, JsonObject android, JsonObject apns, boolean webpush) {
    }

    /**
     * One message to send.
     *
     * @param uid the recipient, {@link Uid#ZERO} for a channel message
     * @param token the device token, or null for a channel message
     * @param message the FCM v1 {@code message} object
     */
    public record Outgoing(Uid uid, String token, JsonObject message) {
    }

    private FcmMessages() {
    }

    /** True if some recipient has a device that did not get the event live. */
    private static boolean anyToSend(PushReceipt r, Map<Uid, List<Device>> devices, Set<String> skip) {
        for (Uid uid : r.to().keySet()) {
            for (Device d : devices.getOrDefault(uid, List.of())) {
                if (d.deviceId() != null && !d.deviceId().isEmpty() && !skip.contains(d.deviceId())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The messages for a receipt given each recipient's devices; devices that got the event live are skipped. */
    public static List<Outgoing> build(PushReceipt r, Map<Uid, List<Device>> devices, Options o, Instant now) {
        Set<String> skip = new HashSet<>();
        r.to().values().forEach(rc -> skip.addAll(rc.devices()));
        if (r.channel() == null && !anyToSend(r, devices, skip)) {
            // The usual case while people chat: every device already got the event live. Nothing
            // is built (the Drafty preview costs a parse of the content per message).
            return List.of();
        }
        TreeMap<String, String> data = data(r.payload());
        List<Outgoing> out = new ArrayList<>();
        String what = r.payload().what();
        for (Map.Entry<Uid, PushReceipt.Recipient> e : r.to().entrySet()) {
            Uid uid = e.getKey();
            String topic = r.payload().topic();
            TreeMap<String, String> user = new TreeMap<>(data);
            if (topic.startsWith("p2p")) {
                topic = p2pPeer(topic, uid);
                user.put("topic", topic);
            }
            if (e.getValue().delivered() > 0) {
                user.put("silent", "true");
            }
            for (Device d : devices.getOrDefault(uid, List.of())) {
                if (d.deviceId() == null || d.deviceId().isEmpty() || skip.contains(d.deviceId())) {
                    continue;
                }
                JsonObject m = new JsonObject();
                m.addProperty("token", d.deviceId());
                m.add("data", json(user));
                switch (d.platform() == null ? "" : d.platform()) {
                    case "android" -> m.add("android", android(what, topic, user, o));
                    case "ios" -> m.add("apns", apns(what, topic, user, e.getValue().unread(), o, now));
                    case "web" -> {
                        if (o.webpush()) {
                            m.add("webpush", new JsonObject());
                        }
                    }
                    default -> {
                    }
                }
                out.add(new Outgoing(uid, d.deviceId(), sorted(m)));
            }
        }
        if (r.channel() != null) {
            TreeMap<String, String> ch = new TreeMap<>(data);
            ch.put("topic", r.channel());
            // Channel readers do not learn who wrote.
            ch.remove("xfrom");
            JsonObject m = new JsonObject();
            m.addProperty("topic", r.channel());
            m.add("data", json(ch));
            m.add("android", android(what, r.channel(), ch, o));
            m.add("apns", apns(what, r.channel(), ch, 0, o, now));
            out.add(new Outgoing(Uid.ZERO, null, sorted(m)));
        }
        return out;
    }

    /** The {@code data} block, all values strings, keys sorted as Go's JSON encoder writes a map. */
    static TreeMap<String, String> data(PushReceipt.Payload p) {
        TreeMap<String, String> d = new TreeMap<>();
        d.put("what", p.what());
        if (p.silent()) {
            d.put("silent", "true");
        }
        d.put("topic", p.topic());
        d.put("ts", rfc3339Nano(p.ts()));
        // "from" is reserved by FCM.
        d.put("xfrom", p.from() == null ? "" : p.from().userId());
        switch (p.what()) {
            case PushReceipt.MSG -> {
                d.put("seq", Integer.toString(p.seq()));
                if (p.mime() != null && !p.mime().isEmpty()) {
                    d.put("mime", p.mime());
                }
                d.put("content", Drafty.plainText(p.contentJson()));
                d.put("rc", Drafty.preview(p.contentJson()));
                if (p.webrtc() != null && !p.webrtc().isEmpty()) {
                    d.put("webrtc", p.webrtc());
                    if (p.audioOnly()) {
                        d.put("aonly", "true");
                    }
                    d.put("silent", "true");
                }
                if (p.replace() != null && !p.replace().isEmpty()) {
                    d.put("silent", "true");
                    d.put("replace", p.replace());
                }
            }
            case PushReceipt.SUB -> {
                d.put("modeWant", p.want() == null ? "N" : p.want().toString());
                d.put("modeGiven", p.given() == null ? "N" : p.given().toString());
            }
            case PushReceipt.READ -> {
                d.put("seq", Integer.toString(p.seq()));
                d.put("silent", "true");
            }
            default -> throw new IllegalArgumentException("unknown push type " + p.what());
        }
        return d;
    }

    static JsonObject android(String what, String topic, Map<String, String> data, Options o) {
        String ttl = (o.timeToLive() > 0 ? o.timeToLive() : DEFAULT_TTL) + "s";
        JsonObject a = new JsonObject();
        if (PushReceipt.READ.equals(what)) {
            a.addProperty("priority", "NORMAL");
            a.addProperty("ttl", ttl);
            return a;
        }
        boolean call = data.containsKey("webrtc");
        a.addProperty("priority", "HIGH");
        a.addProperty("ttl", call ? "0s" : ttl);
        if (!enabled(o.android())) {
            // With a notification block Android shows it itself and the app never sees the data.
            return a;
        }
        String body = field(o.android(), what, "body");
        JsonObject n = new JsonObject();
        n.addProperty("tag", topic);
        n.addProperty("notificationPriority", call ? "PRIORITY_MAX" : "PRIORITY_HIGH");
        n.addProperty("visibility", "PRIVATE");
        put(n, "titleLocKey", field(o.android(), what, "title_loc_key"));
        put(n, "title", field(o.android(), what, "title"));
        put(n, "bodyLocKey", field(o.android(), what, "body_loc_key"));
        put(n, "body", "$content".equals(body) ? data.get("content") : body);
        put(n, "icon", field(o.android(), what, "icon"));
        put(n, "color", field(o.android(), what, "color"));
        put(n, "clickAction", field(o.android(), what, "click_action"));
        a.add("notification", n);
        return a;
    }

    static JsonObject apns(String what, String topic, Map<String, String> data, int unread, Options o, Instant now) {
        String call = data.getOrDefault("webrtc", "");
        long ttl = o.timeToLive() > 0 ? o.timeToLive() : DEFAULT_TTL;
        String pushType = "alert";
        int priority = 10;
        String level = "time-sensitive";
        if ("started".equals(call)) {
            level = "critical";
            ttl = VOIP_TTL;
        } else if (PushReceipt.READ.equals(what)) {
            priority = 5;
            level = "passive";
            pushType = "background";
        }
        JsonObject aps = new JsonObject();
        if (unread > 0) {
            aps.addProperty("badge", unread);
        }
        aps.addProperty("content-available", 1);
        aps.addProperty("interruption-level", level);
        aps.addProperty("mutable-content", 1);
        aps.addProperty("sound", "default");
        aps.addProperty("thread-id", topic);
        if (enabled(o.apns()) && !PushReceipt.READ.equals(what) && call.isEmpty() && !data.containsKey("silent")) {
            String body = field(o.apns(), what, "body");
            JsonObject alert = new JsonObject();
            put(alert, "action", field(o.apns(), what, "action"));
            put(alert, "action-loc-key", field(o.apns(), what, "action_loc_key"));
            put(alert, "body", "$content".equals(body) ? data.get("content") : body);
            put(alert, "launch-image", field(o.apns(), what, "launch_image"));
            put(alert, "loc-key", field(o.apns(), what, "loc_key"));
            put(alert, "title", field(o.apns(), what, "title"));
            put(alert, "subtitle", field(o.apns(), what, "subtitle"));
            put(alert, "title-loc-key", field(o.apns(), what, "title_loc_key"));
            put(alert, "summary-arg", field(o.apns(), what, "summary_arg"));
            aps.add("alert", alert);
        }
        JsonObject payload = new JsonObject();
        payload.add("aps", aps);
        JsonObject headers = new JsonObject();
        headers.addProperty("apns-collapse-id", topic);
        headers.addProperty("apns-expiration", Long.toString(now.getEpochSecond() + ttl));
        headers.addProperty("apns-priority", Integer.toString(priority));
        headers.addProperty("apns-push-type", pushType);
        headers.addProperty("apns-topic", o.apnsBundleId() == null ? "" : o.apnsBundleId());
        JsonObject a = new JsonObject();
        a.add("headers", headers);
        a.add("payload", payload);
        return a;
    }

    /** Go's {@code time.RFC3339Nano}: fraction without trailing zeros. */
    static String rfc3339Nano(Instant t) {
        String s = t.toString();
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        int end = s.length() - 1;
        int i = end;
        while (i > dot && s.charAt(i - 1) == '0') {
            i--;
        }
        return (i - 1 == dot ? s.substring(0, dot) : s.substring(0, i)) + "Z";
    }

    /** The other user of a p2p topic, as {@code uid} names the topic. */
    static String p2pPeer(String topic, Uid uid) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(topic.substring(3))).order(ByteOrder.LITTLE_ENDIAN);
            Uid x = new Uid(b.getLong());
            Uid y = new Uid(b.getLong());
            return (x.equals(uid) ? y : x).userId();
        } catch (RuntimeException e) {
            return topic;
        }
    }

    private static boolean enabled(JsonObject section) {
        JsonElement e = section == null ? null : section.get("enabled");
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }

    /** Tinode's {@code GetStringField}: the per-event section ({@code msg}, {@code sub}) first, then the common one. */
    private static String field(JsonObject section, String what, String key) {
        JsonElement per = section.get(what);
        if (per != null && per.isJsonObject() && per.getAsJsonObject().has(key)) {
            String v = per.getAsJsonObject().get(key).getAsString();
            if (!v.isEmpty()) {
                return v;
            }
        }
        JsonElement v = section.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : "";
    }

    /**
     * Keys in the order Go writes them: the FCM v1 types' fields and Go maps come out sorted;
     * only the APNs alert keeps its struct's order.
     */
    private static JsonObject sorted(JsonObject o) {
        JsonObject out = new JsonObject();
        new TreeMap<>(o.asMap()).forEach((k, v) -> out.add(k,
                v.isJsonObject() && !"alert".equals(k) ? sorted(v.getAsJsonObject()) : v));
        return out;
    }

    private static void put(JsonObject o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.addProperty(key, value);
        }
    }

    private static JsonObject json(Map<String, String> m) {
        JsonObject o = new JsonObject();
        m.forEach(o::addProperty);
        return o;
    }
}

package io.github.tinodej.internal.push;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.store.Store;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading an adapter's {@code config} object of tinode.conf, and what the HTTP adapters share. */
public final class AdapterConfig {
    private AdapterConfig() {
    }

    /** Parses a {@code config} object; "" or null is an empty one. */
    public static JsonObject parse(String json) {
        if (json == null || json.isBlank()) {
            return new JsonObject();
        }
        JsonElement e = JsonParser.parseString(json);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("push config must be a JSON object");
        }
        return e.getAsJsonObject();
    }

    /** A string field, or {@code dflt}. */
    public static String string(JsonObject c, String key, String dflt) {
        JsonElement v = c.get(key);
        return v != null && v.isJsonPrimitive() && !v.getAsString().isEmpty() ? v.getAsString() : dflt;
    }

    /** A number field, or {@code dflt}. */
    public static long number(JsonObject c, String key, long dflt) {
        JsonElement v = c.get(key);
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsLong() : dflt;
    }

    /** A boolean field, false when absent. */
    public static boolean flag(JsonObject c, String key) {
        JsonElement v = c.get(key);
        return v != null && v.isJsonPrimitive() && v.getAsBoolean();
    }

    /** An object field, or null. */
    public static JsonObject object(JsonObject c, String key) {
        JsonElement v = c.get(key);
        return v != null && v.isJsonObject() ? v.getAsJsonObject() : null;
    }

    /**
     * The sender settings: {@code queue_size}, {@code threads}, {@code timeout_ms},
     * {@code max_attempts}, {@code backoff_ms}, {@code max_backoff_ms}; defaults for the absent.
     */
    public static PushSender.Settings sender(JsonObject c) {
        PushSender.Settings d = PushSender.Settings.defaults();
        return new PushSender.Settings((int) number(c, "queue_size", d.queueSize()), (int) number(c, "threads", d.threads()),
                Duration.ofMillis(number(c, "timeout_ms", d.timeout().toMillis())),
                (int) number(c, "max_attempts", d.maxAttempts()),
                Duration.ofMillis(number(c, "backoff_ms", d.backoff().toMillis())),
                Duration.ofMillis(number(c, "max_backoff_ms", d.maxBackoff().toMillis())));
    }

    /** The FCM message options: {@code time_to_live}, {@code apns_bundle_id}, {@code android}, {@code apns}, {@code webpush}. */
    public static FcmMessages.Options fcmOptions(JsonObject c) {
        JsonObject web = object(c, "webpush");
        return new FcmMessages.Options((int) number(c, "time_to_live", 0), string(c, "apns_bundle_id", ""),
                object(c, "android"), object(c, "apns"), web != null && flag(web, "enabled"));
    }

    /** The registered devices of each recipient (Tinode's {@code Devices.GetAll}). */
    public static Map<Uid, List<Device>> devices(Store store, PushReceipt r) {
        Map<Uid, List<Device>> out = new HashMap<>();
        for (Uid uid : r.to().keySet()) {
            List<Device> d = store.getDevices(uid);
            if (!d.isEmpty()) {
                out.put(uid, d);
            }
        }
        return out;
    }

    /** Device tokens of a user, at most {@code max} (Tinode's {@code DevicesForUser}). */
    public static List<String> deviceTokens(Store store, Uid uid, int max) {
        return store.getDevices(uid).stream().map(Device::deviceId).filter(d -> d != null && !d.isEmpty())
                .limit(max).toList();
    }

    /** The channels a user reads with notifications on: P wanted and given (Tinode's {@code ChannelsForUser}). */
    public static List<String> channels(Store store, Uid uid) {
        return store.getUserSubscriptions(uid).stream()
                .filter(s -> s.topic().startsWith("chn") && s.deleted() == null
                        && s.want().isPresencer() && s.given().isPresencer())
                .map(io.github.tinodej.model.Subscription::topic).toList();
    }

    /** Deletes a token the push service called invalid; a store failure is only logged. */
    public static void deleteDevice(Store store, Uid uid, String token) {
        try {
            store.deleteDevice(uid, token);
        } catch (RuntimeException e) {
            System.getLogger(AdapterConfig.class.getName()).log(System.Logger.Level.WARNING,
                    "failed to delete invalid push token", e);
        }
    }
}

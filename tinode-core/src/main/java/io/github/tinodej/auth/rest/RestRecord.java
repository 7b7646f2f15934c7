package io.github.tinodej.auth.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tinode's {@code auth.Rec} as the rest protocol carries it. Keys are matched ignoring case, as
 * Go's JSON decoder matches them (Go itself writes the state as {@code "State"}).
 *
 * @param uid the user, {@link Uid#ZERO} when the server has none yet
 * @param level the level, {@link AuthLevel#NONE} when absent
 * @param lifetime how long the record is valid, null when absent
 * @param features token feature bits
 * @param tags tags of the record
 * @param state the account state the server reports, null when it does not say
 */
record RestRecord(Uid uid, AuthLevel level, Duration lifetime, int features, List<String> tags, ObjectState state) {

    RestRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A record naming only a user. */
    static RestRecord of(Uid uid) {
        return new RestRecord(uid, AuthLevel.NONE, null, 0, List.of(), null);
    }

    RestRecord withUid(Uid u) {
        return new RestRecord(u, level, lifetime, features, tags, state);
    }

    /** The record as Go marshals it: empty fields left out, except the state. */
    JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (uid.isValid()) {
            o.addProperty("uid", uid.encoded());
        }
        if (level != AuthLevel.NONE) {
            o.addProperty("authlvl", level.wireName());
        }
        if (lifetime != null && !lifetime.isZero()) {
            // Go marshals its Duration as integer nanoseconds.
            o.addProperty("lifetime", lifetime.toNanos());
        }
        if (features != 0) {
            o.addProperty("features", featureLetters(features));
        }
        if (!tags.isEmpty()) {
            JsonArray a = new JsonArray();
            tags.forEach(a::add);
            o.add("tags", a);
        }
        o.addProperty("State", state == null ? "ok" : state.wireName());
        return o;
    }

    /** Parses a response's {@code rec}; a value of the wrong shape is the server's fault. */
    static RestRecord parse(JsonObject o) {
        try {
            String uidText = string(o, "uid");
            Uid uid = uidText == null || uidText.isEmpty() ? Uid.ZERO : Uid.decode(uidText);
            if (uidText != null && !uidText.isEmpty() && !uid.isValid()) {
                throw new IllegalArgumentException("bad uid");
            }
            String lvl = string(o, "authlvl");
            AuthLevel level = lvl == null || lvl.isEmpty() ? AuthLevel.NONE
                    : AuthLevel.ofWireName(lvl.toLowerCase(Locale.ROOT))
                            .orElseThrow(() -> new IllegalArgumentException("bad authlvl"));
            JsonElement life = get(o, "lifetime");
            Duration lifetime = null;
            if (life != null && !life.isJsonNull()) {
                lifetime = life.getAsJsonPrimitive().isNumber() ? Duration.ofSeconds(life.getAsLong())
                        : GoDuration.parse(life.getAsString());
            }
            List<String> tags = new ArrayList<>();
            JsonElement t = get(o, "tags");
            if (t != null && t.isJsonArray()) {
                t.getAsJsonArray().forEach(e -> tags.add(e.getAsString()));
            }
            String st = string(o, "state");
            ObjectState state = null;
            if (st != null && !st.isEmpty() && !st.equalsIgnoreCase("undef")) {
                state = ObjectState.ofWireName(st.toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> new IllegalArgumentException("bad state"));
            }
            return new RestRecord(uid, level, lifetime, features(get(o, "features")), tags, state);
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "rest auth server sent a malformed rec", e);
        }
    }

    /** Go's {@code auth.Feature}: a number, or letters {@code V} (validated) and {@code L} (no login). */
    private static int features(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return 0;
        }
        String s = e.getAsString();
        if (s.isEmpty()) {
            return 0;
        }
        if (Character.isDigit(s.charAt(0))) {
            return Integer.parseInt(s);
        }
        int f = 0;
        for (char c : s.toCharArray()) {
            f |= switch (Character.toUpperCase(c)) {
                case 'V' -> TokenAuthenticator.FEATURE_VALIDATED;
                case 'L' -> TokenAuthenticator.FEATURE_NO_LOGIN;
                default -> throw new IllegalArgumentException("bad feature " + c);
            };
        }
        return f;
    }

    private static String featureLetters(int f) {
        return ((f & TokenAuthenticator.FEATURE_VALIDATED) != 0 ? "V" : "")
                + ((f & TokenAuthenticator.FEATURE_NO_LOGIN) != 0 ? "L" : "");
    }

    /** A member by name ignoring case, as Go's decoder finds it. */
    static JsonElement get(JsonObject o, String key) {
        JsonElement exact = o.get(key);
        if (exact != null) {
            return exact;
        }
        for (var e : o.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String string(JsonObject o, String key) {
        JsonElement e = get(o, key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}

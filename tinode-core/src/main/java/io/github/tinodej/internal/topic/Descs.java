package io.github.tinodej.internal.topic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.WireTime;
import java.time.Instant;

/** Builders for {@code desc} objects, in the field order of Tinode's {@code MsgTopicDesc}. */
public final class Descs {
    private Descs() {
    }

    /** The {@code desc} returned with a new account. */
    public static JsonObject newAccountDesc(User u, String privateJson) {
        JsonObject d = new JsonObject();
        d.addProperty("created", WireTime.format(u.created()));
        d.addProperty("updated", WireTime.format(u.updated()));
        d.add("defacs", defacs(u.access()));
        add(d, "public", u.publicJson());
        add(d, "private", privateJson);
        return d;
    }

    static JsonObject defacs(DefaultAccess a) {
        JsonObject o = new JsonObject();
        o.addProperty("auth", a.auth().toString());
        o.addProperty("anon", a.anon().toString());
        return o;
    }

    static JsonObject acs(AccessMode want, AccessMode given) {
        JsonObject o = new JsonObject();
        o.addProperty("want", want.toString());
        o.addProperty("given", given.toString());
        o.addProperty("mode", want.and(given).toString());
        return o;
    }

    /** {@code seen:{when, ua}} of a user's last log-off; {@code ua} left out when unknown. */
    static JsonObject seen(User u) {
        JsonObject seen = new JsonObject();
        seen.addProperty("when", WireTime.format(u.lastSeen()));
        if (u.userAgent() != null && !u.userAgent().isEmpty()) {
            seen.addProperty("ua", u.userAgent());
        }
        return seen;
    }

    static void add(JsonObject o, String key, String json) {
        JsonElement e = JsonValues.tree(json);
        if (e != null) {
            o.add(key, e);
        }
    }

    static void time(JsonObject o, String key, Instant t) {
        if (t != null) {
            o.addProperty(key, WireTime.format(t));
        }
    }
}

package io.github.tinodej.transport.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.tinodej.plugin.PluginFilters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of Tinode's {@code plugins} array (server/plugins.go {@code pluginConfig}):
 *
 * <pre>{@code
 * {"enabled": true, "name": "python_chat_bot", "timeout": 20000,
 *  "filters": {"fire_hose": "pub;grp", "account": "C", "topic": null, "subscription": null,
 *              "message": "C", "find": false},
 *  "failure_code": 0, "failure_text": null, "service_addr": "tcp://localhost:40051"}
 * }</pre>
 *
 * @param enabled whether the plugin is used; the list factory skips disabled entries
 * @param name unique name, for logs
 * @param timeout deadline of each call ({@code timeout} is in microseconds); zero means none
 * @param filters which calls the plugin gets
 * @param failureCode ctrl code the client gets when the FireHose call fails; 0 lets the message go on
 * @param failureText ctrl text that goes with {@code failureCode}
 * @param serviceAddr {@code tcp://host:port} or {@code unix:///path/to/socket}
 */
public record GrpcPluginConfig(boolean enabled, String name, Duration timeout, PluginFilters filters, int failureCode,
        String failureText, String serviceAddr) {

    /** Checks the values; a null {@code failureText} becomes empty. */
    public GrpcPluginConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(filters, "filters");
        failureText = failureText == null ? "" : failureText;
        Objects.requireNonNull(serviceAddr, "serviceAddr");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("plugin '" + name + "': timeout must not be negative");
        }
    }

    /**
     * Reads one entry.
     *
     * @throws IllegalArgumentException for text that is not such an entry
     */
    public static GrpcPluginConfig parse(String entryJson) {
        JsonElement e;
        try {
            e = JsonParser.parseString(entryJson);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException("plugins: not JSON: " + ex.getMessage(), ex);
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("plugins: an entry must be an object");
        }
        return of(e.getAsJsonObject());
    }

    /**
     * Reads the whole {@code plugins} array, leaving out disabled entries; null or JSON null is an
     * empty list.
     *
     * @throws IllegalArgumentException for a malformed entry or two enabled entries with one name
     */
    public static List<GrpcPluginConfig> parseList(String arrayJson) {
        if (arrayJson == null || arrayJson.isBlank()) {
            return List.of();
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(arrayJson);
        } catch (JsonParseException ex) {
            throw new IllegalArgumentException("plugins: not JSON: " + ex.getMessage(), ex);
        }
        if (e.isJsonNull()) {
            return List.of();
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("plugins must be an array");
        }
        List<GrpcPluginConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonElement entry : e.getAsJsonArray()) {
            if (!entry.isJsonObject()) {
                throw new IllegalArgumentException("plugins: an entry must be an object");
            }
            GrpcPluginConfig c = of(entry.getAsJsonObject());
            if (!c.enabled()) {
                continue;
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("plugins: duplicate name '" + c.name() + "'");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    private static GrpcPluginConfig of(JsonObject o) {
        String name = string(o, "name");
        JsonObject f = o.get("filters") instanceof JsonObject fo ? fo : new JsonObject();
        PluginFilters filters = PluginFilters.parse(string(f, "fire_hose"), string(f, "account"), string(f, "topic"),
                string(f, "subscription"), string(f, "message"), bool(f, "find"));
        String addr = string(o, "service_addr");
        boolean enabled = bool(o, "enabled");
        if (enabled && (addr == null || !addr.contains("://"))) {
            throw new IllegalArgumentException("plugins: invalid server address format '" + addr + "' of plugin '"
                    + name + "'; use tcp://host:port or unix:///path");
        }
        return new GrpcPluginConfig(enabled, name == null ? "" : name,
                Duration.ofNanos(number(o, "timeout") * 1000), filters, (int) number(o, "failure_code"),
                string(o, "failure_text"), addr == null ? "" : addr);
    }

    private static String string(JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return null;
        }
        if (!v.isJsonPrimitive()) {
            throw new IllegalArgumentException("plugins: " + key + " must be a string");
        }
        return v.getAsString();
    }

    private static long number(JsonObject o, String key) {
        JsonElement v = o.get(key);
        if (v == null || v.isJsonNull()) {
            return 0;
        }
        try {
            return v.getAsLong();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("plugins: " + key + " must be a number", e);
        }
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean();
    }
}

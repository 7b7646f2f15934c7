package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Tinode's {@code tinode.conf}: JSON with {@code //} and {@code /* *}{@code /} comments, read
 * leniently. Known keys are typed accessors; unknown keys are collected so the launcher can warn
 * about each once, never fail. A known key with the wrong type is an error naming the key.
 */
public final class TinodeConfig {
    /** Key paths this launcher understands (others are reported as ignored). */
    private static final Set<String> KNOWN = Set.of(
            "listen", "expvar", "longpoll_timeout_ms", "longpoll_session_timeout_ms", "auth_thread_nice", "api_path", "cache_control", "static_mount", "static_data", "grpc_listen", "grpc_keepalive_enabled",
            "api_key_salt", "max_message_size", "max_subscriber_count", "max_tag_count", "msg_delete_age",
            "p2p_delete_enabled", "permanent_accounts", "expose_errors", "default_country_code", "ws_compression_disabled",
            "use_x_forwarded_for", "x_frame_options", "media", "media.use_handler", "media.max_size", "media.gc_period",
            "media.gc_block_size", "media.handlers", "media.handlers.fs", "media.handlers.fs.upload_dir",
            "media.handlers.s3", "media.handlers.fs.cache_control", "store_config", "store_config.uid_key",
            "store_config.max_results", "store_config.use_adapter", "store_config.adapters",
            "store_config.adapters.mysql", "store_config.adapters.postgres", "store_config.adapters.h2",
            "store_config.adapters.rethinkdb", "store_config.adapters.mongodb",
            "auth_config", "auth_config.logical_names", "auth_config.basic", "auth_config.basic.add_to_tags",
            "auth_config.basic.min_login_length", "auth_config.basic.min_password_length", "auth_config.token",
            "auth_config.token.expire_in", "auth_config.token.serial_num", "auth_config.token.key", "auth_config.code",
            "acc_validation", "tls", "push", "webrtc", "webrtc.enabled", "webrtc.call_establishment_timeout",
            "webrtc.ice_servers", "webrtc.ice_servers_file", "cluster_config", "plugins", "acc_gc_config", "sys_topic",
            "tls.enabled");

    private final JsonObject root;

    private TinodeConfig(JsonObject root) {
        this.root = root;
    }

    /** An empty configuration: every value is Tinode's stock default. */
    public static TinodeConfig empty() {
        return new TinodeConfig(new JsonObject());
    }

    /** Reads a file. */
    public static TinodeConfig load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses configuration text.
     *
     * @throws ConfigException if it is not a JSON object (comments allowed)
     */
    public static TinodeConfig parse(String text) {
        JsonElement e = lenientJson(text, "configuration");
        if (!e.isJsonObject()) {
            throw new ConfigException("configuration must be a JSON object");
        }
        return new TinodeConfig(e.getAsJsonObject());
    }

    /**
     * JSON as Tinode reads its files (Go's jsonco: comments allowed).
     *
     * @param what names the text in the error, e.g. the key that pointed to the file
     * @throws ConfigException if it is not valid JSON
     */
    static JsonElement lenientJson(String text, String what) {
        try (Reader r = new StringReader(text)) {
            JsonReader jr = new JsonReader(r);
            jr.setStrictness(Strictness.LENIENT);
            return JsonParser.parseReader(jr);
        } catch (JsonParseException | IOException e) {
            throw new ConfigException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Key paths present in the file that this launcher ignores. */
    public List<String> unknownKeys() {
        List<String> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonObject o, String prefix, List<String> out) {
        for (var e : o.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (!KNOWN.contains(path)) {
                out.add(path);
            } else if (e.getValue().isJsonObject() && hasKnownChildren(path)) {
                collect(e.getValue().getAsJsonObject(), path, out);
            }
        }
    }

    private static boolean hasKnownChildren(String path) {
        return KNOWN.stream().anyMatch(k -> k.startsWith(path + "."));
    }

    /** A string value, or null when absent. */
    public String string(String path) {
        JsonElement e = find(path);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ConfigException(path + " must be a string");
        }
        return e.getAsString();
    }

    /** An integer value, or {@code def} when absent. */
    public long number(String path, long def) {
        JsonElement e = find(path);
        if (e == null || e.isJsonNull()) {
            return def;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ConfigException(path + " must be a number");
        }
        try {
            return e.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException ex) {
            throw new ConfigException(path + " must be an integer");
        }
    }

    /** A boolean value, or {@code def} when absent. */
    public boolean bool(String path, boolean def) {
        JsonElement e = find(path);
        if (e == null || e.isJsonNull()) {
            return def;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new ConfigException(path + " must be true or false");
        }
        return e.getAsBoolean();
    }

    /** Standard base64 (Go's JSON {@code []byte}), or null when absent. */
    public byte[] bytes(String path) {
        String s = string(path);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + " must be standard base64");
        }
    }

    /** The raw value at a dotted path, or null when absent; for sections read as a whole. */
    JsonElement element(String path) {
        return find(path);
    }

    private JsonElement find(String path) {
        JsonElement cur = root;
        for (String part : path.split("\\.")) {
            if (cur == null || !cur.isJsonObject()) {
                return null;
            }
            cur = cur.getAsJsonObject().get(part);
        }
        return cur;
    }

    /** A configuration error, reported to the operator with the key it concerns. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}

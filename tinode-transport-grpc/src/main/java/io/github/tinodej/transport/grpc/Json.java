package io.github.tinodej.transport.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON values that travel in proto {@code bytes} fields. Stateless and thread-safe.
 */
final class Json {
    private Json() {
    }

    /**
     * Parses one JSON value strictly; null when the bytes are empty, JSON {@code null}, or not
     * exactly one JSON value (Go's {@code bytesToInterface} logs and drops those).
     */
    static JsonElement parse(ByteString raw) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            JsonReader r = new JsonReader(new StringReader(raw.toString(StandardCharsets.UTF_8)));
            r.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(r);
            if (r.peek() != JsonToken.END_DOCUMENT || e.isJsonNull()) {
                return null;
            }
            return e;
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException e) {
            return null;
        }
    }

    /** A value as JSON bytes (Go's {@code interfaceToBytes}); empty for absent or JSON null. */
    static ByteString bytes(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return ByteString.EMPTY;
        }
        return ByteString.copyFromUtf8(e.toString());
    }

    // ---- proto to JSON: Go's omitempty, shared by ClientToJson and ServerToJson ----

    /** Adds the JSON value in {@code raw}, if any ({@link #parse}). */
    static void json(JsonObject o, String name, ByteString raw) {
        JsonElement e = parse(raw);
        if (e != null) {
            o.add(name, e);
        }
    }

    /** Adds a map of JSON values, leaving out those that do not parse; nothing when none is left. */
    static void jsonMap(JsonObject o, String name, Map<String, ByteString> map) {
        JsonObject m = new JsonObject();
        map.forEach((k, v) -> json(m, k, v));
        if (m.size() > 0) {
            o.add(name, m);
        }
    }

    /** Adds a string unless it is empty. */
    static void str(JsonObject o, String name, String v) {
        if (!v.isEmpty()) {
            o.addProperty(name, v);
        }
    }

    /** Adds a number unless it is 0. */
    static void num(JsonObject o, String name, long v) {
        if (v != 0) {
            o.addProperty(name, v);
        }
    }

    /** Adds {@code true}; false is left out. */
    static void bool(JsonObject o, String name, boolean v) {
        if (v) {
            o.addProperty(name, true);
        }
    }
}

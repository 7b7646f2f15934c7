package io.github.tinodej.transport.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

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
}

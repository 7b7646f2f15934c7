package io.github.tinodej.internal.codec;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wire JSON, parsed strictly. Gson by default coerces numbers and booleans into strings and quoted
 * numbers into ints; Go's decoder rejects both, and a request that Go would answer with
 * {@code 400 malformed} must get the same here, so strict adapters replace Gson's for the scalar
 * types. Maps ({@code head}, {@code aux}) take the last of duplicate keys as Go does (Gson's map
 * adapter throws, and reads {@code []} as an empty map), and surrogates that are not half of a
 * pair become U+FFFD as in Go (reliability.md IN-05, IN-08, IN-12). Stateless after construction
 * and thread-safe.
 */
public final class Codec {
    /** Longest message a {@link MalformedException} keeps. */
    public static final int MAX_ERROR_LENGTH = 200;

    /** Signals a frame that is not a valid client message; answered with {@code 400 malformed}, no id. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            // Gson's messages carry the JSON path: about 1 KB for a frame nested 256 deep (IN-04).
            super(message == null || message.length() <= MAX_ERROR_LENGTH ? message
                    : message.substring(0, MAX_ERROR_LENGTH - 3) + "...", null, false, false);
        }
    }

    private static final Type JSON_MAP = new TypeToken<Map<String, JsonElement>>() { }.getType();

    private final Gson in;
    private final Gson out;

    public Codec() {
        in = new GsonBuilder()
                .setStrictness(Strictness.STRICT)
                .registerTypeAdapter(String.class, new StrictString().nullSafe())
                .registerTypeAdapter(Integer.class, new StrictInt().nullSafe())
                .registerTypeAdapter(int.class, new StrictInt().nullSafe())
                .registerTypeAdapter(Long.class, new StrictLong().nullSafe())
                .registerTypeAdapter(Boolean.class, new StrictBool().nullSafe())
                .registerTypeAdapter(boolean.class, new StrictBool().nullSafe())
                .registerTypeAdapter(JSON_MAP, new LastWinsMap().nullSafe())
                .create();
        out = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    }

    /** Decodes one client frame. */
    public ClientMessage parse(String frame) throws MalformedException {
        if (!frame.isEmpty() && frame.charAt(0) == '\uFEFF') {
            // Gson skips a byte-order mark; Go's decoder rejects it, and so must we (IN-01).
            throw new MalformedException("byte-order mark");
        }
        rejectRawControls(frame);
        try {
            JsonReader r = new JsonReader(new StringReader(Surrogates.repair(frame)));
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new MalformedException("not a JSON object");
            }
            ClientMessage m = in.fromJson(r, ClientMessage.class);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedException("trailing data");
            }
            Timestamps.check(m);
            return m;
        } catch (JsonParseException | IOException | IllegalStateException | NumberFormatException e) {
            throw new MalformedException(e.getMessage());
        }
    }

    /**
     * Go's decoder refuses a raw character below U+0020 anywhere in a string; Gson checks only the
     * strings it reads, not the unknown fields' values it skips (found by CodecFuzzTest). Outside
     * strings only tab, newline and return may appear (as whitespace); inside, none of them.
     * Telling strings apart is exact for valid JSON, so this never refuses a frame Go accepts.
     */
    private static void rejectRawControls(String frame) throws MalformedException {
        boolean inString = false;
        for (int i = 0, n = frame.length(); i < n; i++) {
            char c = frame.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                } else if (c < 0x20) {
                    throw new MalformedException("control character in a string");
                }
            } else if (c == '"') {
                inString = true;
            } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                throw new MalformedException("control character");
            }
        }
    }

    /** Serialises a JSON tree without HTML escaping, keeping explicit nulls. */
    public String toJson(JsonElement e) {
        return out.toJson(e);
    }

    /** Parses arbitrary JSON text (stored public/private values). */
    public JsonElement parseTree(String json) {
        return com.google.gson.JsonParser.parseString(json);
    }

    private static final class StrictString extends TypeAdapter<String> {
        @Override
        public void write(JsonWriter w, String v) throws IOException {
            w.value(v);
        }

        @Override
        public String read(JsonReader r) throws IOException {
            if (r.peek() != JsonToken.STRING) {
                throw new JsonParseException("expected a string at " + r.getPath());
            }
            return r.nextString();
        }
    }

    private static final class StrictInt extends TypeAdapter<Integer> {
        @Override
        public void write(JsonWriter w, Integer v) throws IOException {
            w.value(v);
        }

        @Override
        public Integer read(JsonReader r) throws IOException {
            if (r.peek() != JsonToken.NUMBER) {
                throw new JsonParseException("expected a number at " + r.getPath());
            }
            String s = r.nextString();
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new JsonParseException("expected an integer at " + r.getPath());
            }
        }
    }

    private static final class StrictLong extends TypeAdapter<Long> {
        @Override
        public void write(JsonWriter w, Long v) throws IOException {
            w.value(v);
        }

        @Override
        public Long read(JsonReader r) throws IOException {
            if (r.peek() != JsonToken.NUMBER) {
                throw new JsonParseException("expected a number at " + r.getPath());
            }
            String s = r.nextString();
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // Go's int is 64 bits: 1e9, 1.5 and 2^64 do not fit it either.
                throw new JsonParseException("expected a 64-bit integer at " + r.getPath());
            }
        }
    }

    /** A JSON object into a map, the last of duplicate keys winning (Go's {@code map[string]any}). */
    private static final class LastWinsMap extends TypeAdapter<Map<String, JsonElement>> {
        private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);

        @Override
        public void write(JsonWriter w, Map<String, JsonElement> v) throws IOException {
            JsonObject o = new JsonObject();
            v.forEach(o::add);
            TREE.write(w, o);
        }

        @Override
        public Map<String, JsonElement> read(JsonReader r) throws IOException {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new JsonParseException("expected an object at " + r.getPath());
            }
            // The tree adapter keeps the reader's strictness and replaces a repeated key's value.
            Map<String, JsonElement> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : TREE.read(r).getAsJsonObject().entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
            return m;
        }
    }

    private static final class StrictBool extends TypeAdapter<Boolean> {
        @Override
        public void write(JsonWriter w, Boolean v) throws IOException {
            w.value(v);
        }

        @Override
        public Boolean read(JsonReader r) throws IOException {
            if (r.peek() != JsonToken.BOOLEAN) {
                throw new JsonParseException("expected a boolean at " + r.getPath());
            }
            return r.nextBoolean();
        }
    }
}

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
import java.util.Base64;
import java.util.List;

/**
 * Tinode's {@code tinode.conf}: JSON with {@code //} and {@code /* *}{@code /} comments, read
 * leniently. Known keys are typed accessors; keys the launcher does not implement are listed by
 * {@link #unsupportedKeys()} so it can warn about each, never fail. A known key with the wrong
 * type is an error naming the key. Immutable; not tied to any thread.
 */
public final class TinodeConfig {
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
     * JSON as Tinode reads its files (Go's jsonco: comments and trailing commas allowed).
     *
     * @param what names the text in the error, e.g. the key that pointed to the file
     * @throws ConfigException if it is not valid JSON
     */
    static JsonElement lenientJson(String text, String what) {
        try (Reader r = new StringReader(ConfigText.toJson(text))) {
            JsonReader jr = new JsonReader(r);
            jr.setStrictness(Strictness.LENIENT);
            return JsonParser.parseReader(jr);
        } catch (JsonParseException | IOException e) {
            throw new ConfigException(what + " is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Key paths present in the file that this launcher does not implement (see {@code ConfigKeys}),
     * in file order.
     */
    public List<String> unsupportedKeys() {
        return ConfigKeys.unsupported(root);
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

    /** An array of strings, or null when absent. */
    public List<String> strings(String path) {
        JsonElement e = find(path);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonArray()) {
            throw new ConfigException(path + " must be an array of strings");
        }
        List<String> out = new java.util.ArrayList<>();
        for (JsonElement v : e.getAsJsonArray()) {
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new ConfigException(path + " must be an array of strings");
            }
            out.add(v.getAsString());
        }
        return out;
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

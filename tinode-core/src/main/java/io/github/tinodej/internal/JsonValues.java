package io.github.tinodej.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Client-supplied JSON values ({@code public}, {@code private}, {@code trusted}) and Tinode's merge
 * rules ({@code mergeInterfaces} in {@code server/utils.go}): null means no change, the string
 * {@code "␡"} deletes, an object is merged key by key (a {@code "␡"} value removes that key), anything
 * else replaces.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** Result of a merge: the new value as JSON text (null when deleted) and whether it changed. */
    public record Merge(String json, boolean changed) {
    }

    /** Merges {@code src} into the stored JSON text {@code dst}. */
    public static Merge merge(String dst, JsonElement src) {
        if (src == null || src.isJsonNull()) {
            return new Merge(dst, false);
        }
        if (isDeleteMarker(src)) {
            return new Merge(null, dst != null);
        }
        if (src.isJsonObject()) {
            JsonElement old = dst == null ? null : JsonParser.parseString(dst);
            JsonObject target = old != null && old.isJsonObject() ? old.getAsJsonObject().deepCopy() : new JsonObject();
            boolean changed = mergeObjects(target, src.getAsJsonObject());
            if (old != null && !old.isJsonObject()) {
                changed = true;
            }
            return new Merge(target.toString(), changed || dst == null && src.getAsJsonObject().size() > 0);
        }
        return new Merge(src.toString(), true);
    }

    private static boolean mergeObjects(JsonObject dst, JsonObject src) {
        boolean changed = false;
        for (Map.Entry<String, JsonElement> e : src.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonNull()) {
                continue;
            }
            if (v.isJsonObject()) {
                JsonElement cur = dst.get(e.getKey());
                JsonObject sub = cur != null && cur.isJsonObject() ? cur.getAsJsonObject() : new JsonObject();
                changed |= mergeObjects(sub, v.getAsJsonObject());
                dst.add(e.getKey(), sub);
            } else if (isDeleteMarker(v)) {
                dst.remove(e.getKey());
                changed = true;
            } else {
                dst.add(e.getKey(), v);
                changed = true;
            }
        }
        return changed;
    }

    /** True for the JSON string {@code "␡"}. */
    public static boolean isDeleteMarker(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString()
                && Tags.NULL_VALUE.equals(e.getAsString());
    }

    /** The stored text as a tree for output, or null. */
    public static JsonElement tree(String json) {
        return json == null ? null : JsonParser.parseString(json);
    }

    /** A value to store at creation: null and the delete marker store nothing. */
    public static String initial(JsonElement e) {
        if (e == null || e.isJsonNull() || isDeleteMarker(e)) {
            return null;
        }
        return e.toString();
    }
}

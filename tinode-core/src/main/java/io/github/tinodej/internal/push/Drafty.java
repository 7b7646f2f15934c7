package io.github.tinodej.internal.push;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drafty content reduced for a push (Tinode's {@code drafty.PlainText} and {@code drafty.Preview}):
 * a plain-text rendering with markdown-like markers, and a short Drafty preview without quotes
 * and heavy entity data. Works on code points where Tinode counts graphemes; styles are applied
 * to the text as ranges rather than through Tinode's span tree, which gives the same result for
 * the nesting clients produce.
 */
public final class Drafty {
    /** Tinode's {@code push.MaxPayloadLength}: runes of text a push carries. */
    public static final int MAX_LENGTH = 128;
    private static final List<String> LIGHT_FIELDS = List.of("mime", "name", "width", "height", "size", "url", "ref");
    private static final Map<String, String> MARKERS = Map.of("ST", "*", "EM", "_", "DL", "~", "CO", "`");
    private static final Map<String, String> MEDIA = Map.of("AU", "AUDIO", "EX", "FILE", "IM", "IMAGE", "VD", "VIDEO");

    private Drafty() {
    }

    /** One style: a range of the text, its type, and the entity data if it has any. */
    private record Span(int at, int len, String tp, JsonObject data, int key) {
    }

    /** The plain text of the content, trimmed to {@link #MAX_LENGTH} code points plus "…"; "" if none. */
    public static String plainText(String contentJson) {
        Doc d = parse(contentJson);
        if (d == null) {
            return "";
        }
        int n = d.cps.length;
        StringBuilder[] before = new StringBuilder[n + 1];
        StringBuilder[] after = new StringBuilder[n + 1];
        boolean[] hidden = new boolean[n];
        StringBuilder tail = new StringBuilder();
        for (Span s : d.spans) {
            if (s.at < 0) {
                tail.append(render(s, ""));
                continue;
            }
            int end = Math.min(n, s.at + s.len);
            String text = new String(d.cps, s.at, Math.max(0, end - s.at));
            String marker = MARKERS.get(s.tp);
            if (marker != null) {
                add(before, s.at, marker);
                addFront(after, end, marker);
            } else if ("LN".equals(s.tp)) {
                String url = str(s.data, "url");
                if (url != null && !url.equals(text)) {
                    add(before, s.at, "[");
                    addFront(after, end, "](" + url + ")");
                }
            } else if (!"MN".equals(s.tp) && !"HT".equals(s.tp)) {
                for (int i = s.at; i < end; i++) {
                    hidden[i] = true;
                }
                add(before, s.at, render(s, text));
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= n; i++) {
            if (after[i] != null) {
                out.append(after[i]);
            }
            if (before[i] != null) {
                out.append(before[i]);
            }
            if (i < n && !hidden[i]) {
                out.appendCodePoint(d.cps[i]);
            }
        }
        String text = out.append(tail).toString().strip();
        return text.codePointCount(0, text.length()) > MAX_LENGTH
                ? text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH)) + "…" : text;
    }

    /** A Drafty preview of at most {@link #MAX_LENGTH} code points as JSON text, or "" if none. */
    public static String preview(String contentJson) {
        Doc d = parse(contentJson);
        if (d == null) {
            return "";
        }
        int n = d.cps.length;
        // Quoted text goes, and leading line breaks; positions shift accordingly.
        boolean[] drop = new boolean[n];
        for (Span s : d.spans) {
            if ("QQ".equals(s.tp) && s.at >= 0) {
                for (int i = s.at; i < Math.min(n, s.at + s.len); i++) {
                    drop[i] = true;
                }
            }
        }
        int[] pos = new int[n + 1];
        StringBuilder txt = new StringBuilder();
        int kept = 0;
        boolean leading = true;
        for (int i = 0; i < n; i++) {
            pos[i] = kept;
            if (leading && !drop[i] && isBreak(d, i)) {
                drop[i] = true;
            }
            if (!drop[i]) {
                leading = false;
                if (kept < MAX_LENGTH) {
                    txt.appendCodePoint(d.cps[i]);
                }
                kept++;
            }
        }
        pos[n] = kept;
        int limit = Math.min(kept, MAX_LENGTH);
        JsonArray fmt = new JsonArray();
        JsonArray ent = new JsonArray();
        Map<Integer, Integer> keys = new HashMap<>();
        for (Span s : d.spans) {
            if ("QQ".equals(s.tp)) {
                continue;
            }
            // Go's field order: tp, at, len, key; zero values left out.
            JsonObject f = new JsonObject();
            boolean entity = s.data != null || s.key >= 0;
            if (!entity) {
                f.addProperty("tp", s.tp);
            }
            if (s.at < 0) {
                f.addProperty("at", -1);
            } else {
                int at = pos[Math.min(s.at, n)];
                int end = Math.min(pos[Math.min(n, s.at + s.len)], limit);
                if (at >= limit || end <= at && s.len > 0) {
                    continue;
                }
                if (at > 0) {
                    f.addProperty("at", at);
                }
                if (end > at) {
                    f.addProperty("len", end - at);
                }
            }
            if (entity) {
                int k = keys.computeIfAbsent(s.key, x -> {
                    JsonObject e = new JsonObject();
                    e.addProperty("tp", s.tp);
                    JsonObject light = light(s.data);
                    if (light != null) {
                        e.add("data", light);
                    }
                    ent.add(e);
                    return ent.size() - 1;
                });
                if (k > 0) {
                    f.addProperty("key", k);
                }
            }
            fmt.add(f);
        }
        JsonObject out = new JsonObject();
        if (txt.length() > 0) {
            out.addProperty("txt", txt.toString());
        }
        if (!fmt.isEmpty()) {
            out.add("fmt", fmt);
        }
        if (!ent.isEmpty()) {
            out.add("ent", ent);
        }
        return out.toString();
    }

    private static boolean isBreak(Doc d, int i) {
        for (Span s : d.spans) {
            if ("BR".equals(s.tp) && s.at <= i && i < s.at + Math.max(1, s.len)) {
                return true;
            }
        }
        return false;
    }

    private static String render(Span s, String text) {
        if ("BR".equals(s.tp)) {
            return "\n";
        }
        if ("VC".equals(s.tp)) {
            return "[CALL]";
        }
        String media = MEDIA.get(s.tp);
        if (media != null) {
            String name = str(s.data, "name");
            return "[" + media + " '" + (name == null || name.isEmpty() ? "?" : name) + "']";
        }
        return "QQ".equals(s.tp) ? "" : text;
    }

    private static JsonObject light(JsonObject data) {
        if (data == null) {
            return null;
        }
        JsonObject out = new JsonObject();
        for (String k : LIGHT_FIELDS) {
            JsonElement v = data.get(k);
            if (v == null) {
                continue;
            }
            boolean fixed = v.isJsonNull() || v.isJsonPrimitive() && !v.getAsJsonPrimitive().isString();
            if (fixed || v.isJsonPrimitive() && v.getAsString().length() < 128) {
                out.add(k, v);
            }
        }
        return out.size() == 0 ? null : out;
    }

    private static void add(StringBuilder[] at, int i, String s) {
        (at[i] == null ? at[i] = new StringBuilder() : at[i]).append(s);
    }

    private static void addFront(StringBuilder[] at, int i, String s) {
        (at[i] == null ? at[i] = new StringBuilder() : at[i]).insert(0, s);
    }

    private static String str(JsonObject o, String key) {
        JsonElement v = o == null ? null : o.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
    }

    /** A parsed document; spans sorted outer first (by position, longer first). */
    private record Doc(int[] cps, List<Span> spans) {
    }

    private static Doc parse(String json) {
        if (json == null) {
            return null;
        }
        JsonElement c;
        try {
            c = JsonParser.parseString(json);
        } catch (RuntimeException e) {
            return null;
        }
        if (c.isJsonPrimitive() && c.getAsJsonPrimitive().isString()) {
            return new Doc(c.getAsString().codePoints().toArray(), List.of());
        }
        if (!c.isJsonObject()) {
            return null;
        }
        JsonObject o = c.getAsJsonObject();
        String txt = str(o, "txt");
        int[] cps = txt == null ? new int[0] : txt.codePoints().toArray();
        JsonArray ents = o.has("ent") && o.get("ent").isJsonArray() ? o.getAsJsonArray("ent") : new JsonArray();
        List<Span> spans = new ArrayList<>();
        if (o.has("fmt") && o.get("fmt").isJsonArray()) {
            for (JsonElement fe : o.getAsJsonArray("fmt")) {
                if (!fe.isJsonObject()) {
                    continue;
                }
                JsonObject f = fe.getAsJsonObject();
                int at = f.has("at") ? f.get("at").getAsInt() : 0;
                int len = f.has("len") ? f.get("len").getAsInt() : 0;
                if (at > cps.length || len < 0 || at < -1) {
                    continue;
                }
                String tp = str(f, "tp");
                JsonObject data = null;
                int key = -1;
                if (tp == null || tp.isEmpty()) {
                    key = f.has("key") ? f.get("key").getAsInt() : 0;
                    if (key < 0 || key >= ents.size() || !ents.get(key).isJsonObject()) {
                        continue;
                    }
                    JsonObject e = ents.get(key).getAsJsonObject();
                    tp = str(e, "tp");
                    data = e.has("data") && e.get("data").isJsonObject() ? e.getAsJsonObject("data") : null;
                }
                if (tp != null) {
                    spans.add(new Span(at, len, tp, data, key));
                }
            }
        }
        spans.sort((x, y) -> x.at != y.at ? Integer.compare(x.at, y.at) : Integer.compare(y.len, x.len));
        return new Doc(cps, spans);
    }
}

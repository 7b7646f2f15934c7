package io.github.tinodej.internal.codec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.protocol.WireTime;
import java.time.Instant;

/**
 * Builds server frames with Tinode's field order: {@code ctrl} is
 * {@code id, topic, params, code, text, ts}; absent optional fields are omitted. Thread-safe.
 */
public final class Frames {
    private final Codec codec;

    public Frames(Codec codec) {
        this.codec = codec;
    }

    /** A {@code {ctrl}} frame; {@code id}, {@code topic}, {@code params} may be null. */
    public String ctrl(String id, String topic, JsonObject params, Ctrl status, Instant ts) {
        JsonObject c = new JsonObject();
        if (id != null && !id.isEmpty()) {
            c.addProperty("id", id);
        }
        if (topic != null && !topic.isEmpty()) {
            c.addProperty("topic", topic);
        }
        if (params != null && params.size() > 0) {
            c.add("params", params);
        }
        c.addProperty("code", status.code());
        c.addProperty("text", status.text());
        c.addProperty("ts", WireTime.format(ts));
        return wrap("ctrl", c);
    }

    /** A {@code {meta}} frame with one section ({@code desc}, {@code sub}, {@code tags}, ...). */
    public String meta(String id, String topic, Instant ts, String section, JsonElement value) {
        JsonObject m = new JsonObject();
        if (id != null && !id.isEmpty()) {
            m.addProperty("id", id);
        }
        m.addProperty("topic", topic);
        m.addProperty("ts", WireTime.format(ts));
        m.add(section, value);
        return wrap("meta", m);
    }

    /** A {@code {pres}} frame from a prepared body. */
    public String pres(JsonObject body) {
        return wrap("pres", body);
    }

    /**
     * A {@code {data}} frame (Tinode's order: {@code topic, from, ts, seq, head, content}) from a
     * stored message's JSON text, copied as is instead of parsed and encoded again: history pages
     * send one frame per message, and the round trip through a tree cost more than the rest of
     * the frame. The text must be JSON this server wrote ({@code JsonElement.toString()}, which
     * encodes like {@link Codec#toJson}), so the frame is the same byte for byte.
     *
     * @param from the sender's user id, or null to leave it out (channel readers)
     * @param headJson the head object's JSON, or null for none
     * @param contentJson the content's JSON, or null for {@code null}
     */
    public String data(String topic, String from, Instant ts, int seq, String headJson, String contentJson) {
        StringBuilder b = new StringBuilder(96 + (headJson == null ? 0 : headJson.length())
                + (contentJson == null ? 4 : contentJson.length()));
        b.append("{\"data\":{\"topic\":").append(codec.toJson(new JsonPrimitive(topic)));
        if (from != null) {
            b.append(",\"from\":").append(codec.toJson(new JsonPrimitive(from)));
        }
        b.append(",\"ts\":\"").append(WireTime.format(ts)).append("\",\"seq\":").append(seq);
        if (headJson != null) {
            b.append(",\"head\":").append(headJson);
        }
        b.append(",\"content\":").append(contentJson == null ? "null" : contentJson).append("}}");
        return b.toString();
    }

    /** Any single-key frame. */
    public String wrap(String key, JsonObject body) {
        JsonObject o = new JsonObject();
        o.add(key, body);
        return codec.toJson(o);
    }

    /** A one-entry params object {@code {"what": what}} as 204 replies carry. */
    public static JsonObject what(String what) {
        JsonObject p = new JsonObject();
        p.addProperty("what", what);
        return p;
    }
}

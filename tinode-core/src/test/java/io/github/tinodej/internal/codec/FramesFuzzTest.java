package io.github.tinodej.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.tinodej.protocol.Ctrl;
import java.time.Instant;

/**
 * Fuzzes the server side of the codec, {@link Frames}: what clients send ends up in what others
 * receive. A class of its own because Jazzer fuzzes one {@code @FuzzTest} per JVM.
 */
class FramesFuzzTest {
    private final Codec codec = new Codec();
    private final Frames frames = new Frames(codec);

    /**
     * Server frames built from any id, topic, head and content read back as JSON with the same
     * values: nothing a client sends can break the framing of what others receive.
     */
    @FuzzTest(maxDuration = "5s")
    void framesRoundTrip(FuzzedDataProvider in) {
        String id = in.consumeString(64);
        String topic = in.consumeString(64);
        String from = in.consumeBoolean() ? in.consumeString(32) : null;
        int seq = in.consumeInt();
        Instant ts = Instant.ofEpochMilli(in.consumeLong(0, 253_402_300_799_999L));
        JsonElement head = tree(in.consumeString(256));
        JsonElement content = tree(in.consumeRemainingAsString());

        JsonObject ctrl = JsonParser.parseString(frames.ctrl(id, topic, Frames.what(id), Ctrl.OK, ts))
                .getAsJsonObject().getAsJsonObject("ctrl");
        assertThat(ctrl.has("id") ? ctrl.get("id").getAsString() : "").isEqualTo(id);
        assertThat(ctrl.has("topic") ? ctrl.get("topic").getAsString() : "").isEqualTo(topic);
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);

        JsonObject meta = JsonParser.parseString(frames.meta(id, topic, ts, "desc", content))
                .getAsJsonObject().getAsJsonObject("meta");
        assertThat(meta.get("topic").getAsString()).isEqualTo(topic);
        assertThat(meta.get("desc")).isEqualTo(content == null ? JsonNull.INSTANCE : content);

        String headJson = head != null && head.isJsonObject() ? codec.toJson(head) : null;
        String contentJson = content == null ? null : codec.toJson(content);
        String dataFrame = frames.data(topic, from, ts, seq, headJson, contentJson);
        assertThat(JsonGrammar.isValid(dataFrame)).as("data frame is not JSON: %s", dataFrame).isTrue();
        JsonObject data = JsonParser.parseString(dataFrame).getAsJsonObject().getAsJsonObject("data");
        assertThat(data.get("topic").getAsString()).isEqualTo(topic);
        assertThat(data.has("from") ? data.get("from").getAsString() : null).isEqualTo(from);
        assertThat(data.get("seq").getAsInt()).isEqualTo(seq);
        assertThat(data.get("head")).isEqualTo(headJson == null ? null : head);
        assertThat(data.get("content")).isEqualTo(content == null ? JsonNull.INSTANCE : content);
    }

    /** A JSON tree as the codec would have parsed it from a client, or null. */
    private JsonElement tree(String text) {
        try {
            ClientMessage m = codec.parse("{\"pub\":{\"content\":" + text + "}}");
            return m.pub == null ? null : m.pub.content;
        } catch (Codec.MalformedException | JsonParseException e) {
            return null;
        }
    }
}

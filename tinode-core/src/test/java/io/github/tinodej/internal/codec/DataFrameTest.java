package io.github.tinodej.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.protocol.WireTime;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Frames#data} copies stored JSON text into the frame; it must give exactly the frame the
 * tree encoder gives for what a client sent (the stored text is the parsed tree's toString()).
 */
class DataFrameTest {
    private final Codec codec = new Codec();
    private final Frames frames = new Frames(codec);
    private static final Instant TS = Instant.parse("2026-11-25T08:09:10.123Z");

    private String viaTree(String topic, String from, JsonElement head, JsonElement content) {
        JsonObject d = new JsonObject();
        d.addProperty("topic", topic);
        if (from != null) {
            d.addProperty("from", from);
        }
        d.addProperty("ts", WireTime.format(TS));
        d.addProperty("seq", 17);
        if (head != null) {
            d.add("head", head);
        }
        d.add("content", content);
        return frames.wrap("data", d);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"hello\"",
            "\"Zoë 😀 <b>&amp;</b> = ' \\\" \\\\ \\n \\t \\u0001 \\u2028 \\u2029\"",
            "{\"fmt\":[{\"at\":0,\"len\":5,\"tp\":\"ST\"}],\"txt\":\"hello\",\"ent\":[{\"tp\":\"LN\",\"data\":{\"url\":\"https://x.y/?a=1&b=<2>\"}}]}",
            "[1,2.5,-3e10,1.0E+2,null,true,false,{},[]]",
            "12345678901234567890",
            "null",
            "{\"a\":null,\"b\":{\"c\":[null]}}"})
    void storedText_givesTheTreeEncodersFrame(String clientContent) {
        JsonElement content = JsonParser.parseString(clientContent);
        JsonObject head = JsonParser.parseString("{\"mime\":\"text/x-drafty\",\"reply\":\":12\",\"webrtc\":null,\"x\":\"<&>\"}")
                .getAsJsonObject();
        // What the publish path stores, and what comes back from the store.
        String storedContent = content.toString();
        String storedHead = head.toString();
        assertThat(frames.data("grpAbC_d-1", "usrXyZ", TS, 17, storedHead, storedContent))
                .isEqualTo(viaTree("grpAbC_d-1", "usrXyZ", JsonParser.parseString(storedHead), JsonParser.parseString(storedContent)));
        assertThat(frames.data("chnAbC", null, TS, 17, null, storedContent))
                .isEqualTo(viaTree("chnAbC", null, null, JsonParser.parseString(storedContent)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"grp\"odd", "usr\\x", "p2p\u0007"})
    void namesAreEscapedLikeTheEncoder(String topic) {
        assertThat(frames.data(topic, topic, TS, 17, null, null)).isEqualTo(viaTree(topic, topic, null, JsonNull.INSTANCE));
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every bad frame gets Tinode's reply, the session survives and nothing is written. */
class BadInputTest extends EngineTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "not json",
        "[1,2,3]",
        "\"hi\"",
        "{} {}",
        "{\"hi\":{\"id\":1,\"ver\":\"0.25\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":0.25}}",
        "{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"login\":\"yes\"}}",
        "{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"%%%\"}}",
        "{\"login\":{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":12}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"limit\":\"ten\"}}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"limit\":1.5}}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"},}",
        "{'hi':{}}",
        "{}",
        "{\"unknown\":{\"id\":\"1\"}}",
        "{\"hi\":null}",
    })
    void badFrame_malformedWithoutIdAndSessionStaysUsable(String frame) {
        TestClient c = client();
        c.send(frame);
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("malformed");
        assertThat(ctrl.has("id")).isFalse();
        assertThat(ctrl.has("topic")).isFalse();
        assertThat(c.hi().get("code").getAsInt()).isEqualTo(201);
        assertThat(c.isClosedByServer()).isFalse();
    }

    @Test
    void badFrames_nothingStored() {
        TestClient c = client();
        c.hi();
        c.send("{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"***\",\"login\":true}}");
        c.ctrl();
        c.send("{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64("zed1:zed") + "\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(422);
        assertThat(store.getAuthRecordByUnique("basic:zed1")).isEmpty();
    }

    @Test
    void unknownFields_ignored() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\",\"future\":{\"x\":[1,2]}},\"later\":true}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
    }

    @Test
    void severalMessagesInOneFrame_pubWinsOverHi() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"},\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        JsonObject ctrl = c.ctrl();
        // sub ranks before hi; before any hi it is out of sequence.
        assertThat(ctrl.get("id").getAsString()).isEqualTo("2");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
    }

    @Test
    void emptyTopic_malformed() {
        TestClient c = user("yuri");
        c.send("{\"sub\":{\"id\":\"2\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void hugeAndUnicodeValues_survive() {
        TestClient c = user("xena");
        String big = "\u0000\ud83d\ude00".repeat(1000);
        c.send("{\"sub\":{\"id\":\"1\",\"topic\":\"me\"}}");
        c.ctrl();
        JsonObject s = new JsonObject();
        JsonObject set = new JsonObject();
        set.addProperty("id", "2");
        set.addProperty("topic", "me");
        JsonObject desc = new JsonObject();
        desc.addProperty("public", big);
        set.add("desc", desc);
        s.add("set", set);
        c.send(s);
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
        c.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"desc\"}}");
        assertThat(c.next("meta").getAsJsonObject("desc").get("public").getAsString()).isEqualTo(big);
    }

    @Test
    void frameOverMaxMessageSize_sessionClosed() {
        TestClient c = client();
        c.hi();
        c.send("{\"hi\":{\"id\":\"x\",\"ua\":\"" + "a".repeat(131072) + "\"}}");
        // Local connections close synchronously, so the effect is visible at once.
        assertThat(c.isClosedByServer()).isTrue();
    }
}

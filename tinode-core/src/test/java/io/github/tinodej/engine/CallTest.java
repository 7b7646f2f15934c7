package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Call signalling in p2p topics (protocol.md section 10). */
class CallTest extends EngineTest {
    private static final String START = "{\"pub\":{\"id\":\"c\",\"topic\":\"TOPIC\",\"head\":{\"webrtc\":\"started\","
            + "\"mime\":\"text/x-drafty\",\"aonly\":true},\"content\":{\"fmt\":[{\"len\":1,\"tp\":\"VC\"}],\"txt\":\" \"}}}";

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.iceServers("[{\"urls\":[\"stun:stun.example.org\"]}]");
    }

    private static JsonObject next(TestClient c, String kind) {
        while (true) {
            JsonObject f = c.next();
            if (f.has(kind)) {
                return f.getAsJsonObject(kind);
            }
        }
    }

    private static List<JsonObject> dataUntilInfo(TestClient c, String event) {
        List<JsonObject> data = new ArrayList<>();
        while (true) {
            JsonObject f = c.next();
            if (f.has("data")) {
                data.add(f.getAsJsonObject("data"));
            }
            if (f.has("info") && event.equals(f.getAsJsonObject("info").get("event").getAsString())) {
                return data;
            }
        }
    }

    @Test
    void hiAdvertisesIceServersAndTimeout() {
        TestClient c = client();
        JsonObject p = c.hi().getAsJsonObject("params");
        assertThat(p.getAsJsonArray("iceServers").toString()).isEqualTo("[{\"urls\":[\"stun:stun.example.org\"]}]");
        assertThat(p.get("callTimeout").getAsInt()).isEqualTo(30);
    }

    @Test
    void fullCall_ringAcceptNegotiateHangUp() {
        TestClient a = user("caller");
        TestClient b = user("callee");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        b.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + a.userId() + "\"}}");
        b.nextCtrlSkippingOthers();

        a.send(START.replace("TOPIC", b.userId()));
        JsonObject ack = a.nextCtrlSkippingOthers();
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        int seq = ack.getAsJsonObject("params").get("seq").getAsInt();
        assertThat(next(b, "data").getAsJsonObject("head").get("webrtc").getAsString()).isEqualTo("started");

        // A second call while one is active is busy.
        a.send(START.replace("TOPIC", b.userId()).replace("\"c\"", "\"c2\""));
        assertThat(a.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(486);

        b.send("{\"note\":{\"topic\":\"" + a.userId() + "\",\"what\":\"call\",\"event\":\"ringing\",\"seq\":" + seq + "}}");
        JsonObject ringing = next(a, "info");
        assertThat(ringing.toString()).isEqualTo("{\"topic\":\"" + b.userId() + "\",\"from\":\"" + b.userId()
                + "\",\"what\":\"call\",\"seq\":" + seq + ",\"event\":\"ringing\"}");

        b.send("{\"note\":{\"topic\":\"" + a.userId() + "\",\"what\":\"call\",\"event\":\"accept\",\"seq\":" + seq + "}}");
        List<JsonObject> replaced = dataUntilInfo(a, "accept");
        assertThat(replaced).anySatisfy(d -> {
            assertThat(d.getAsJsonObject("head").get("webrtc").getAsString()).isEqualTo("accepted");
            assertThat(d.getAsJsonObject("head").get("replace").getAsString()).isEqualTo(":" + seq);
            assertThat(d.getAsJsonObject("head").get("sender").getAsString()).isEqualTo(b.userId());
        });

        a.send("{\"note\":{\"topic\":\"" + b.userId() + "\",\"what\":\"call\",\"event\":\"offer\",\"seq\":" + seq
                + ",\"payload\":{\"sdp\":\"v=0\"}}}");
        JsonObject offer;
        do {
            offer = next(b, "info");
        } while (!"offer".equals(offer.get("event").getAsString()));
        assertThat(offer.getAsJsonObject("payload").get("sdp").getAsString()).isEqualTo("v=0");
        assertThat(offer.get("from").getAsString()).isEqualTo(a.userId());

        clock.advance(java.time.Duration.ofSeconds(42));
        b.send("{\"note\":{\"topic\":\"" + a.userId() + "\",\"what\":\"call\",\"event\":\"hang-up\",\"seq\":" + seq + "}}");
        List<JsonObject> end = dataUntilInfo(a, "hang-up");
        assertThat(end).anySatisfy(d -> {
            assertThat(d.getAsJsonObject("head").get("webrtc").getAsString()).isEqualTo("finished");
            assertThat(d.getAsJsonObject("head").get("webrtc-duration").getAsLong()).isEqualTo(42_000);
            // The callee hung up: the caller's message names them as sender, as Go does.
            assertThat(d.getAsJsonObject("head").get("sender").getAsString()).isEqualTo(b.userId());
        });
    }

    @Test
    void calleeDeclines_beforeAccept() {
        TestClient a = user("caller");
        TestClient b = user("callee");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        a.send(START.replace("TOPIC", b.userId()));
        int seq = a.nextCtrlSkippingOthers().getAsJsonObject("params").get("seq").getAsInt();
        // The callee is not attached; the topic is loaded, so the hang-up reaches it.
        b.send("{\"note\":{\"topic\":\"" + a.userId() + "\",\"what\":\"call\",\"event\":\"hang-up\",\"seq\":" + seq + "}}");
        List<JsonObject> end = dataUntilInfo(a, "hang-up");
        assertThat(end).anySatisfy(d -> assertThat(d.getAsJsonObject("head").get("webrtc").getAsString()).isEqualTo("declined"));
    }

    @Test
    void callInGroup_denied() {
        TestClient a = user("caller");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        a.send(START.replace("TOPIC", grp));
        assertThat(a.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(403);
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.stock.PushStub;
import io.github.tinodej.push.stock.TnpgPushProvider;
import io.github.tinodej.testing.Eventually;
import io.github.tinodej.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with a stock adapter end to end: what the gateway gets, and that a stuck gateway slows nothing. */
class PushDeliveryTest extends EngineTest {
    private static final String PUSH = "/pushv1/acme";
    private final PushStub stub;
    private TnpgPushProvider tnpg;

    PushDeliveryTest() {
        try {
            stub = new PushStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        tnpg = TnpgPushProvider.create("{\"enabled\":true,\"org\":\"acme\",\"token\":\"t\",\"endpoint\":\"" + stub.url()
                + "\",\"timeout_ms\":2000,\"threads\":1,\"queue_size\":4,\"max_attempts\":1}", store, clock);
        return b.push(tnpg);
    }

    @AfterEach
    void closeStub() {
        tnpg.close();
        stub.close();
    }

    @Test
    void messageToOfflineUser_reachesTheGatewayAsThePeerNamesIt() throws Exception {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        store.upsertDevice(Uid.parseUserId(b.userId()), new Device("tok-b", "android", clock.instant(), "en"));
        b.close();
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        JsonObject sub = JsonParser.parseString(stub.next(PUSH).body()).getAsJsonArray().get(0).getAsJsonObject();
        assertThat(sub.getAsJsonObject("data").get("what").getAsString()).isEqualTo("sub");
        a.send("{\"pub\":{\"id\":\"2\",\"topic\":\"" + b.userId() + "\",\"content\":\"hello\"}}");
        assertThat(a.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(202);
        JsonObject msg = JsonParser.parseString(stub.next(PUSH).body()).getAsJsonArray().get(0).getAsJsonObject();
        assertThat(msg.toString()).isEqualTo("{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"3600s\"},\"data\":{\"content\":"
                + "\"hello\",\"rc\":\"{\\\"txt\\\":\\\"hello\\\"}\",\"seq\":\"1\",\"topic\":\"" + a.userId()
                + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"msg\",\"xfrom\":\"" + a.userId()
                + "\"},\"token\":\"tok-b\"}");
    }

    @Test
    void hangingGateway_doesNotSlowDelivery() {
        stub.hang(PUSH);
        TestClient a = user("alice");
        TestClient b = user("bobby");
        store.upsertDevice(Uid.parseUserId(b.userId()), new Device("tok-b", "android", clock.instant(), "en"));
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        b.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + a.userId() + "\"}"));
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            a.send("{\"pub\":{\"id\":\"m" + i + "\",\"topic\":\"" + b.userId() + "\",\"content\":\"n" + i + "\"}}");
            assertThat(b.next("data").get("content").getAsString()).isEqualTo("n" + i);
        }
        // Each push call hangs for its 2 s timeout on one thread: had a topic waited for them,
        // 50 messages would take 100 s.
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        Eventually.until(() -> server.stats().pushDropped() > 0, "the full push queue drops");
        System.out.printf("FT-07 push gateway hanging: 50 p2p messages delivered over WS in %d ms, "
                + "pushes dropped %d, failed %d so far%n", took.toMillis(), server.stats().pushDropped(),
                server.stats().pushFailed());
    }
}

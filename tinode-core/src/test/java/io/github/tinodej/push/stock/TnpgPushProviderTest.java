package io.github.tinodej.push.stock;

import static io.github.tinodej.push.stock.PushFixtures.A;
import static io.github.tinodej.push.stock.PushFixtures.B;
import static io.github.tinodej.push.stock.PushFixtures.BOB;
import static io.github.tinodej.push.stock.PushFixtures.CHN;
import static io.github.tinodej.push.stock.PushFixtures.EXPIRES;
import static io.github.tinodej.push.stock.PushFixtures.GRP;
import static io.github.tinodej.push.stock.PushFixtures.apns;
import static io.github.tinodej.push.stock.PushFixtures.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.Eventually;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TNPG adapter against a local stub of the gateway (protocol.md 11.3). */
class TnpgPushProviderTest {
    private static final String PUSH = "/pushv1/acme";
    private static final String ANDROID = "{\"priority\":\"HIGH\",\"ttl\":\"3600s\"}";
    private final PushStub stub = new PushStub();
    private MemoryStore store = PushFixtures.store();
    private TnpgPushProvider tnpg;

    TnpgPushProviderTest() throws Exception {
    }

    @AfterEach
    void close() {
        if (tnpg != null) {
            tnpg.close();
        }
        stub.close();
    }

    private TnpgPushProvider start(String extra) {
        stub.answerByDefault(PUSH, "{\"sent_count\":1,\"fail_count\":0}");
        tnpg = TnpgPushProvider.create("{\"enabled\":true,\"org\":\" ACME \",\"token\":\"secret-token\",\"endpoint\":\""
                + stub.url() + "/\",\"backoff_ms\":10" + extra + "}", store, PushFixtures.CLOCK);
        return tnpg;
    }

    /** The messages of the next batch by token, headers checked. */
    private Map<String, String> batch() throws InterruptedException {
        PushStub.Request r = stub.next(PUSH);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        Map<String, String> out = new HashMap<>();
        for (JsonElement e : JsonParser.parseString(r.body()).getAsJsonArray()) {
            String key = e.getAsJsonObject().has("token") ? e.getAsJsonObject().get("token").getAsString()
                    : "topic:" + e.getAsJsonObject().get("topic").getAsString();
            out.put(key, e.toString());
        }
        return out;
    }

    private static String apnsBlank(String topic, String badge, String priority, String type, String level, String exp) {
        return String.format(apns(topic, badge, priority, type, level, exp), "");
    }

    @Test
    void p2pMessage_oneBatchOfFcmMessages() throws Exception {
        start("").push(PushFixtures.p2p("", "{\"txt\":\"Hello world\"}"));
        Map<String, String> m = batch();
        assertThat(m).containsOnlyKeys("tok-b", "tok-b-ios", "tok-b-web", "tok-a-ios");
        assertThat(m.get("tok-b")).isEqualTo("{\"android\":" + ANDROID + ",\"data\":" + data(A, "") + ",\"token\":\"tok-b\"}");
        assertThat(m.get("tok-b-ios")).isEqualTo("{\"apns\":" + apnsBlank(A, "\"badge\":3,", "10", "alert", "time-sensitive",
                EXPIRES) + ",\"data\":" + data(A, "") + ",\"token\":\"tok-b-ios\"}");
        // TNPG gets Tinode's blank config: no webpush block.
        assertThat(m.get("tok-b-web")).isEqualTo("{\"data\":" + data(A, "") + ",\"token\":\"tok-b-web\"}");
        assertThat(m.get("tok-a-ios")).contains(data(B, "\"silent\":\"true\","));
    }

    @Test
    void groupChannelCallEditSubRead_asFcmMessages() throws Exception {
        start("");
        tnpg.push(PushFixtures.group());
        assertThat(batch().get("tok-b")).isEqualTo("{\"android\":" + ANDROID + ",\"data\":{\"content\":\"hi all\","
                + "\"mime\":\"text/x-drafty\",\"rc\":\"{\\\"txt\\\":\\\"hi all\\\"}\",\"seq\":\"5\",\"topic\":\"" + GRP
                + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"msg\",\"xfrom\":\"" + A + "\"},\"token\":\"tok-b\"}");
        tnpg.push(PushFixtures.channel());
        assertThat(batch().get("topic:" + CHN)).isEqualTo("{\"android\":" + ANDROID + ",\"apns\":"
                + apnsBlank(CHN, "", "10", "alert", "time-sensitive", EXPIRES) + ",\"data\":{\"content\":\"news\","
                + "\"mime\":\"text/x-drafty\",\"rc\":\"{\\\"txt\\\":\\\"news\\\"}\",\"seq\":\"5\",\"topic\":\"" + CHN
                + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"msg\"},\"topic\":\"" + CHN + "\"}");
        tnpg.push(PushFixtures.p2p("webrtc", "{\"fmt\":[{\"len\":1,\"tp\":\"VC\"}],\"txt\":\" \"}"));
        assertThat(batch().get("tok-b")).isEqualTo("{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"0s\"},\"data\":{\"aonly\":\"true\","
                + "\"content\":\"[CALL]\",\"mime\":\"text/x-drafty\",\"rc\":\"{\\\"txt\\\":\\\" \\\",\\\"fmt\\\":[{\\\"tp\\\":"
                + "\\\"VC\\\",\\\"len\\\":1}]}\",\"seq\":\"5\",\"silent\":\"true\",\"topic\":\"" + A
                + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"webrtc\":\"started\",\"what\":\"msg\",\"xfrom\":\"" + A
                + "\"},\"token\":\"tok-b\"}");
        tnpg.push(PushFixtures.p2p("replace", "{\"txt\":\"Hello world\"}"));
        assertThat(batch().get("tok-b")).isEqualTo("{\"android\":" + ANDROID + ",\"data\":"
                + data(A, "\"silent\":\"true\",").replace("\"seq\":\"5\",", "\"replace\":\":4\",\"seq\":\"5\",")
                + ",\"token\":\"tok-b\"}");
        tnpg.push(PushFixtures.sub());
        assertThat(batch().get("tok-b")).isEqualTo("{\"android\":" + ANDROID + ",\"data\":{\"modeGiven\":\"JRWPA\","
                + "\"modeWant\":\"JRWPAD\",\"topic\":\"" + A + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"sub\","
                + "\"xfrom\":\"" + A + "\"},\"token\":\"tok-b\"}");
        tnpg.push(PushFixtures.read());
        assertThat(batch().get("tok-b")).isEqualTo("{\"android\":{\"priority\":\"NORMAL\",\"ttl\":\"3600s\"},\"data\":"
                + "{\"seq\":\"5\",\"silent\":\"true\",\"topic\":\"" + A + "\",\"ts\":\"2026-01-02T03:04:05.678Z\","
                + "\"what\":\"read\",\"xfrom\":\"" + B + "\"},\"token\":\"tok-b\"}");
    }

    @Test
    void batchesOfAHundred() throws Exception {
        store = new MemoryStore();
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        for (int i = 1; i <= 150; i++) {
            Uid u = new Uid(1000 + i);
            store.upsertDevice(u, new Device("tok-" + i, "android", PushFixtures.NOW, ""));
            to.put(u, new PushReceipt.Recipient(0, List.of(), 0));
        }
        start("").push(PushFixtures.group().withRecipients(to));
        assertThat(JsonParser.parseString(stub.next(PUSH).body()).getAsJsonArray()).hasSize(100);
        assertThat(JsonParser.parseString(stub.next(PUSH).body()).getAsJsonArray()).hasSize(50);
    }

    @Test
    void invalidTokens_deleted() throws Exception {
        store = new MemoryStore();
        store.upsertDevice(BOB, new Device("tok-ok", "android", PushFixtures.NOW, ""));
        Uid carol = new Uid(0x3333);
        store.upsertDevice(carol, new Device("tok-gone", "android", PushFixtures.NOW, ""));
        Uid dave = new Uid(0x4444);
        store.upsertDevice(dave, new Device("tok-bad", "android", PushFixtures.NOW, ""));
        Map<Uid, PushReceipt.Recipient> to = new LinkedHashMap<>();
        for (Uid u : List.of(BOB, carol, dave)) {
            to.put(u, new PushReceipt.Recipient(0, List.of(), 0));
        }
        stub.script(PUSH, new PushStub.Answer(200, "{\"sent_count\":1,\"fail_count\":2,\"resp\":[{\"msg_id\":\"m1\"},"
                + "{\"code\":404,\"errcode\":\"UNREGISTERED\",\"errmsg\":\"gone\",\"index\":1},"
                + "{\"code\":400,\"errcode\":\"INVALID_ARGUMENT\",\"exerr\":\"invalid message.token\",\"index\":2}]}", null));
        start("").push(PushFixtures.group().withRecipients(to));
        JsonArray sent = JsonParser.parseString(stub.next(PUSH).body()).getAsJsonArray();
        assertThat(sent.get(1).getAsJsonObject().get("token").getAsString()).isEqualTo("tok-gone");
        Eventually.until(() -> store.getDevices(carol).isEmpty() && store.getDevices(dave).isEmpty(), "invalid tokens deleted");
        assertThat(store.getDevices(BOB)).hasSize(1);
        Eventually.until(() -> tnpg.stats().sent() == 1 && tnpg.stats().failed() == 2, "counters");
    }

    @Test
    void serverErrorThenOk_retried() throws Exception {
        store = new MemoryStore();
        store.upsertDevice(BOB, new Device("tok-b", "android", PushFixtures.NOW, ""));
        stub.script(PUSH, new PushStub.Answer(503, "{}", "0"));
        start("").push(PushFixtures.group());
        List<PushStub.Request> tries = stub.next(PUSH, 2);
        assertThat(tries.get(1).body()).isEqualTo(tries.get(0).body());
        Eventually.until(() -> tnpg.stats().sent() == 1, "sent on the second try");
    }

    @Test
    void hangingGateway_timesOut_andAFullQueueDrops() throws Exception {
        stub.hang(PUSH);
        start(",\"timeout_ms\":200,\"max_attempts\":1,\"threads\":1,\"queue_size\":2");
        for (int i = 0; i < 10; i++) {
            tnpg.push(PushFixtures.group());
        }
        // Returned at once although nothing got through; the overflow is counted.
        assertThat(tnpg.stats().dropped()).isGreaterThan(0);
        Eventually.until(() -> tnpg.stats().failed() >= 1, "a call timed out");
    }

    @Test
    void channelRequests_toTheGatewaySub() throws Exception {
        store.upsertSubscription(new io.github.tinodej.model.Subscription(CHN, BOB, PushFixtures.NOW, PushFixtures.NOW, null,
                io.github.tinodej.model.AccessMode.parse("JRP"), io.github.tinodej.model.AccessMode.parse("JRP"), null, 0, 0, 0));
        start("").channel(new ChannelRequest(BOB, "tok-new", null, false));
        PushStub.Request r = stub.next("/sub/acme");
        assertThat(r.header("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.body()).isEqualTo("{\"channels\":[\"" + CHN + "\"],\"device\":\"tok-new\",\"unsub\":false}");
        tnpg.channel(new ChannelRequest(BOB, null, CHN, true));
        assertThat(stub.next("/sub/acme").body()).startsWith("{\"channel\":\"" + CHN + "\",\"devices\":[")
                .contains("\"tok-b-ios\"").endsWith("],\"unsub\":true}");
    }
}

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

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.model.Device;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.Eventually;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FCM HTTP v1 adapter against a local stub of FCM and of Google's token endpoint (protocol.md 11.2). */
class FcmPushProviderTest {
    private static final String SEND = "/v1/projects/proj-1/messages:send";
    private static final String BUNDLE = "com.example.app";
    private static KeyPair keys;
    private final PushStub stub = new PushStub();
    private MemoryStore store = PushFixtures.store();
    private FcmPushProvider fcm;

    FcmPushProviderTest() throws Exception {
    }

    @BeforeAll
    static void generateKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keys = g.generateKeyPair();
    }

    @AfterEach
    void close() {
        if (fcm != null) {
            fcm.close();
        }
        stub.close();
    }

    private FcmPushProvider start(String extra) {
        stub.answerByDefault("/token", "{\"access_token\":\"tok-1\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        JsonObject sa = new JsonObject();
        sa.addProperty("type", "service_account");
        sa.addProperty("project_id", "proj-1");
        sa.addProperty("private_key_id", "kid-1");
        sa.addProperty("private_key", pem);
        sa.addProperty("client_email", "push@proj-1.iam.gserviceaccount.com");
        sa.addProperty("token_uri", stub.url() + "/token");
        fcm = FcmPushProvider.create("{\"enabled\":true,\"credentials\":" + sa + ",\"endpoint\":\"" + stub.url()
                + "\",\"apns_bundle_id\":\"" + BUNDLE + "\",\"webpush\":{\"enabled\":true},\"backoff_ms\":10" + extra + "}",
                store, PushFixtures.CLOCK);
        return fcm;
    }

    /** The next {@code n} messages sent, by device token (the store's device order is not fixed). */
    private Map<String, String> sent(int n) throws InterruptedException {
        Map<String, String> byToken = new HashMap<>();
        for (PushStub.Request r : stub.next(SEND, n)) {
            assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1");
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            JsonObject m = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("message");
            byToken.put(m.has("token") ? m.get("token").getAsString() : "topic:" + m.get("topic").getAsString(), r.body());
        }
        return byToken;
    }

    private static String apnsFor(String topic, String badge, String priority, String type, String level, String exp) {
        return String.format(apns(topic, badge, priority, type, level, exp), BUNDLE);
    }

    @Test
    void p2pMessage_perDevice_topicRewritten_liveDeviceSkipped_senderSilent() throws Exception {
        start("").push(PushFixtures.p2p("", "{\"txt\":\"Hello world\"}"));
        PushStub.Request token = stub.next("/token");
        Map<String, String> form = new HashMap<>();
        for (String kv : token.body().split("&")) {
            form.put(kv.substring(0, kv.indexOf('=')), URLDecoder.decode(kv.substring(kv.indexOf('=') + 1), StandardCharsets.UTF_8));
        }
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(keys.getPublic());
        v.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(v.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8)).isEqualTo(
                "{\"iss\":\"push@proj-1.iam.gserviceaccount.com\",\"scope\":\"https://www.googleapis.com/auth/firebase.messaging\","
                        + "\"aud\":\"" + stub.url() + "/token\",\"iat\":" + PushFixtures.NOW.getEpochSecond() + ",\"exp\":"
                        + EXPIRES + "}");

        Map<String, String> m = sent(4);
        assertThat(m).doesNotContainKey("tok-a");
        String toBob = data(A, "");
        assertThat(m.get("tok-b")).isEqualTo("{\"message\":{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"3600s\"},\"data\":"
                + toBob + ",\"token\":\"tok-b\"}}");
        assertThat(m.get("tok-b-ios")).isEqualTo("{\"message\":{\"apns\":"
                + apnsFor(A, "\"badge\":3,", "10", "alert", "time-sensitive", EXPIRES) + ",\"data\":" + toBob
                + ",\"token\":\"tok-b-ios\"}}");
        assertThat(m.get("tok-b-web")).isEqualTo("{\"message\":{\"data\":" + toBob + ",\"token\":\"tok-b-web\",\"webpush\":{}}}");
        assertThat(m.get("tok-a-ios")).isEqualTo("{\"message\":{\"apns\":"
                + apnsFor(B, "", "10", "alert", "time-sensitive", EXPIRES) + ",\"data\":" + data(B, "\"silent\":\"true\",")
                + ",\"token\":\"tok-a-ios\"}}");
        Eventually.until(() -> fcm.stats().sent() == 4, "4 sent");
    }

    @Test
    void groupMessage_toOfflineMember() throws Exception {
        start("").push(PushFixtures.group());
        String d = "{\"content\":\"hi all\",\"mime\":\"text/x-drafty\",\"rc\":\"{\\\"txt\\\":\\\"hi all\\\"}\",\"seq\":\"5\","
                + "\"topic\":\"" + GRP + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"msg\",\"xfrom\":\"" + A + "\"}";
        assertThat(sent(3).get("tok-b")).isEqualTo("{\"message\":{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"3600s\"},"
                + "\"data\":" + d + ",\"token\":\"tok-b\"}}");
    }

    @Test
    void channelMessage_toTheFcmTopic_withoutSender() throws Exception {
        start("").push(PushFixtures.channel());
        String d = "{\"content\":\"news\",\"mime\":\"text/x-drafty\",\"rc\":\"{\\\"txt\\\":\\\"news\\\"}\",\"seq\":\"5\","
                + "\"topic\":\"" + CHN + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"msg\"}";
        assertThat(sent(1).get("topic:" + CHN)).isEqualTo("{\"message\":{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"3600s\"},"
                + "\"apns\":" + apnsFor(CHN, "", "10", "alert", "time-sensitive", EXPIRES) + ",\"data\":" + d
                + ",\"topic\":\"" + CHN + "\"}}");
    }

    @Test
    void call_isSilentWithWebrtcAndNoTtl() throws Exception {
        start("").push(PushFixtures.p2p("webrtc", "{\"fmt\":[{\"len\":1,\"tp\":\"VC\"}],\"txt\":\" \"}"));
        Map<String, String> m = sent(4);
        String d = "{\"aonly\":\"true\",\"content\":\"[CALL]\",\"mime\":\"text/x-drafty\","
                + "\"rc\":\"{\\\"txt\\\":\\\" \\\",\\\"fmt\\\":[{\\\"tp\\\":\\\"VC\\\",\\\"len\\\":1}]}\",\"seq\":\"5\","
                + "\"silent\":\"true\",\"topic\":\"" + A + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"webrtc\":\"started\","
                + "\"what\":\"msg\",\"xfrom\":\"" + A + "\"}";
        assertThat(m.get("tok-b")).isEqualTo("{\"message\":{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"0s\"},\"data\":" + d
                + ",\"token\":\"tok-b\"}}");
        String tenSeconds = Long.toString(PushFixtures.NOW.getEpochSecond() + 10);
        assertThat(m.get("tok-b-ios")).isEqualTo("{\"message\":{\"apns\":"
                + apnsFor(A, "\"badge\":3,", "10", "alert", "critical", tenSeconds) + ",\"data\":" + d
                + ",\"token\":\"tok-b-ios\"}}");
    }

    @Test
    void edit_isSilentWithReplace() throws Exception {
        start("").push(PushFixtures.p2p("replace", "{\"txt\":\"Hello world\"}"));
        String d = data(A, "\"silent\":\"true\",").replace("\"seq\":\"5\",", "\"replace\":\":4\",\"seq\":\"5\",");
        assertThat(sent(4).get("tok-b")).isEqualTo("{\"message\":{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"3600s\"},"
                + "\"data\":" + d + ",\"token\":\"tok-b\"}}");
    }

    @Test
    void newSubscription_carriesModes() throws Exception {
        start("").push(PushFixtures.sub());
        String d = "{\"modeGiven\":\"JRWPA\",\"modeWant\":\"JRWPAD\",\"topic\":\"" + A
                + "\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"what\":\"sub\",\"xfrom\":\"" + A + "\"}";
        assertThat(sent(3).get("tok-b")).isEqualTo("{\"message\":{\"android\":{\"priority\":\"HIGH\",\"ttl\":\"3600s\"},"
                + "\"data\":" + d + ",\"token\":\"tok-b\"}}");
    }

    @Test
    void readReceipt_isSilentBackground() throws Exception {
        start("").push(PushFixtures.read());
        Map<String, String> m = sent(3);
        String d = "{\"seq\":\"5\",\"silent\":\"true\",\"topic\":\"" + A + "\",\"ts\":\"2026-01-02T03:04:05.678Z\","
                + "\"what\":\"read\",\"xfrom\":\"" + B + "\"}";
        assertThat(m.get("tok-b")).isEqualTo("{\"message\":{\"android\":{\"priority\":\"NORMAL\",\"ttl\":\"3600s\"},"
                + "\"data\":" + d + ",\"token\":\"tok-b\"}}");
        assertThat(m.get("tok-b-ios")).isEqualTo("{\"message\":{\"apns\":"
                + apnsFor(A, "", "5", "background", "passive", EXPIRES) + ",\"data\":" + d + ",\"token\":\"tok-b-ios\"}}");
    }

    @Test
    void unregisteredToken_isDeleted_otherRefusalsNotRetried() throws Exception {
        store = new MemoryStore();
        store.upsertDevice(BOB, new Device("tok-gone", "android", PushFixtures.NOW, "en"));
        stub.script(SEND, new PushStub.Answer(404, "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\","
                + "\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"UNREGISTERED\"}]}}", null), new PushStub.Answer(400, "{}", null));
        start(",\"threads\":1").push(PushFixtures.group());
        stub.next(SEND);
        Eventually.until(() -> store.getDevices(BOB).isEmpty(), "the unregistered token deleted");
        Eventually.until(() -> fcm.stats().failed() == 1, "counted as failed");

        store.upsertDevice(BOB, new Device("tok-bad", "android", PushFixtures.NOW, "en"));
        fcm.push(PushFixtures.group());
        assertThat(stub.next(SEND).body()).contains("tok-bad");
        Eventually.until(() -> fcm.stats().failed() == 2, "400 counted as failed");
        // A 400 is not retried: the next request is the next push, not the same one again.
        fcm.push(PushFixtures.read());
        assertThat(stub.next(SEND).body()).contains("\"what\":\"read\"");
        assertThat(store.getDevices(BOB)).extracting(Device::deviceId).containsExactly("tok-bad");
    }

    @Test
    void serverErrorThenOk_isRetried_andRetryAfterHonoured() throws Exception {
        store = new MemoryStore();
        store.upsertDevice(BOB, new Device("tok-b", "android", PushFixtures.NOW, "en"));
        stub.script(SEND, new PushStub.Answer(500, "{}", null), new PushStub.Answer(429, "{}", "0"));
        start("").push(PushFixtures.group());
        List<PushStub.Request> tries = stub.next(SEND, 3);
        assertThat(tries).extracting(PushStub.Request::body).containsOnly(tries.get(0).body());
        Eventually.until(() -> fcm.stats().sent() == 1, "sent after retries");
        assertThat(fcm.stats().failed()).isZero();
    }

    @Test
    void channelRequests_joinDevicesToTheChannelTopic_throughInstanceId() throws Exception {
        store.upsertSubscription(new io.github.tinodej.model.Subscription(CHN, BOB, PushFixtures.NOW, PushFixtures.NOW, null,
                io.github.tinodej.model.AccessMode.parse("JRP"), io.github.tinodej.model.AccessMode.parse("JRP"), null, 0, 0, 0));
        start(",\"iid_endpoint\":\"" + stub.url() + "/iid\"").channel(new ChannelRequest(BOB, "tok-new", null, false));
        PushStub.Request add = stub.next("/iid/iid/v1:batchAdd");
        assertThat(add.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(add.header("access_token_auth")).isEqualTo("true");
        assertThat(add.body()).isEqualTo("{\"to\":\"/topics/" + CHN + "\",\"registration_tokens\":[\"tok-new\"]}");
        fcm.channel(new ChannelRequest(BOB, null, CHN, true));
        PushStub.Request remove = stub.next("/iid/iid/v1:batchRemove");
        assertThat(JsonParser.parseString(remove.body()).getAsJsonObject().getAsJsonArray("registration_tokens"))
                .extracting(e -> e.getAsString()).containsExactlyInAnyOrder("tok-b", "tok-b-ios", "tok-b-web");
    }
}

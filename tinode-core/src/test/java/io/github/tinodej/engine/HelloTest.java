package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

class HelloTest extends EngineTest {

    @Test
    void hi_firstWithVersion_createdWithServerParams() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\",\"ua\":\"TinodeJS/0.25.3\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("id").getAsString()).isEqualTo("1");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(201);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("created");
        assertThat(ctrl.get("ts").getAsString()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(ctrl.has("topic")).isFalse();
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("ver").getAsString()).isEqualTo("0.25");
        assertThat(p.get("build").getAsString()).isEqualTo("memory:undef");
        assertThat(p.get("maxMessageSize").getAsInt()).isEqualTo(131072);
        assertThat(p.get("maxSubscriberCount").getAsInt()).isEqualTo(128);
        assertThat(p.get("minTagLength").getAsInt()).isEqualTo(2);
        assertThat(p.get("maxTagLength").getAsInt()).isEqualTo(96);
        assertThat(p.get("maxTagCount").getAsInt()).isEqualTo(16);
        // No media store configured: uploads are off, as Tinode reports it.
        assertThat(p.get("maxFileUploadSize").getAsLong()).isZero();
        assertThat(p.has("reqCred")).isTrue();
        assertThat(p.get("reqCred").isJsonNull()).isTrue();
        assertThat(p.get("msgDelAge").getAsInt()).isEqualTo(600);
    }

    @Test
    void hi_withoutVersion_malformedWithId() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"7\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("malformed");
        assertThat(ctrl.get("id").getAsString()).isEqualTo("7");
    }

    @Test
    void hi_unparsableVersion_malformed() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"7\",\"ver\":\"banana\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void hi_versionWithPrefixAndSuffix_accepted() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"7\",\"ver\":\"v0.22.1-rc1\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
    }

    @Test
    void hi_tooOldVersion_versionNotSupported() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"7\",\"ver\":\"0.19\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(505);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("version not supported");
        // The session has not said hi yet, so other requests are still out of sequence.
        c.send("{\"login\":{\"id\":\"8\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64("a:b") + "\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(409);
    }

    @Test
    void hi_secondWithOtherVersion_commandOutOfSequence() {
        TestClient c = client();
        c.hi();
        c.send("{\"hi\":{\"id\":\"2\",\"ver\":\"0.24\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("command out of sequence");
    }

    @Test
    void hi_secondBeforeLogin_authRequired() {
        TestClient c = client();
        c.hi();
        c.send("{\"hi\":{\"id\":\"2\",\"dev\":\"token1\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void hi_deviceTokenAfterLogin_storedAndDeletable() {
        TestClient c = user("alice");
        // The JS SDK's setDeviceToken: no id, no version.
        c.send("{\"hi\":{\"dev\":\"fcm-token-1\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.has("id")).isFalse();
        var uid = io.github.tinodej.model.Uid.parseUserId(userId(c));
        assertThat(store.getDevices(uid)).extracting(d -> d.deviceId()).containsExactly("fcm-token-1");

        c.send("{\"hi\":{\"dev\":\"fcm-token-1\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);

        // A rotated token replaces the old one (Go's Devices.Update).
        c.send("{\"hi\":{\"dev\":\"fcm-token-2\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
        assertThat(store.getDevices(uid)).extracting(d -> d.deviceId()).containsExactly("fcm-token-2");

        c.send("{\"hi\":{\"dev\":\"\u2421\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
        assertThat(store.getDevices(uid)).isEmpty();
    }

    @Test
    void hi_deviceInFirstHi_registeredAtLogin() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\",\"dev\":\"dev-at-hi\",\"platf\":\"android\"}}");
        c.ctrl();
        JsonObject ctrl = c.createBasic("bobby", "bobby-secret");
        var uid = io.github.tinodej.model.Uid.parseUserId(ctrl.getAsJsonObject("params").get("user").getAsString());
        // Registration is asynchronous to the reply; a later request on the same pool orders after it.
        c.send("{\"get\":{\"id\":\"9\",\"topic\":\"me\",\"what\":\"desc\"}}");
        c.next("meta");
        assertThat(store.getDevices(uid)).singleElement().satisfies(d -> {
            assertThat(d.deviceId()).isEqualTo("dev-at-hi");
            assertThat(d.platform()).isEqualTo("android");
        });
    }

    @Test
    void messageBeforeHi_commandOutOfSequenceWithIdNoTopic() {
        TestClient c = client();
        c.send("{\"sub\":{\"id\":\"3\",\"topic\":\"me\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("command out of sequence");
        assertThat(ctrl.get("id").getAsString()).isEqualTo("3");
        assertThat(ctrl.has("topic")).isFalse();
    }

    @Test
    void noteBeforeHi_silentlyDropped() {
        TestClient c = client();
        c.send("{\"note\":{\"topic\":\"me\",\"what\":\"kp\"}}");
        c.expectNoMoreFrames();
    }

    @Test
    void topicRequestBeforeLogin_authRequiredWithTopic() {
        TestClient c = client();
        c.hi();
        c.send("{\"sub\":{\"id\":\"3\",\"topic\":\"me\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(401);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("authentication required");
        assertThat(ctrl.get("topic").getAsString()).isEqualTo("me");
    }

    @Test
    void probe_answeredWithZero() {
        TestClient c = client();
        c.send("1");
        assertThat(c.nextRaw()).isEqualTo("0");
    }

    @Test
    void oboFromNonRoot_permissionDeniedNoId() {
        TestClient c = user("carol");
        c.send("{\"get\":{\"id\":\"5\",\"topic\":\"me\",\"what\":\"desc\"},\"extra\":{\"obo\":\"usrAAAAAAAAAAA\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
        assertThat(ctrl.has("id")).isFalse();
    }

    @Test
    void hi_second_versionsCompareAsNumbers_deleteWithoutDeviceIsOk_oboRefused() {
        TestClient c = user("dave");
        // The first hi said 0.25.3; "v0.25.3" and "0.25.3-rc1" are the same version, 0.25.4 is not.
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"v0.25.3\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
        c.send("{\"hi\":{\"id\":\"2\",\"ver\":\"0.25.3-rc1\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
        c.send("{\"hi\":{\"id\":\"3\",\"ver\":\"0.25.4\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(409);
        // Deleting a device that was never set is still a device update for Go: 200.
        c.send("{\"hi\":{\"id\":\"4\",\"dev\":\"\u2421\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
        // obo is checked before any message, {hi} included.
        c.send("{\"hi\":{\"id\":\"5\"},\"extra\":{\"obo\":\"usrAAAAAAAAAAA\"}}");
        JsonObject denied = c.ctrl();
        assertThat(denied.get("code").getAsInt()).isEqualTo(403);
        assertThat(denied.has("id")).isFalse();
    }

    static String userId(TestClient c) {
        return c.userId();
    }
}

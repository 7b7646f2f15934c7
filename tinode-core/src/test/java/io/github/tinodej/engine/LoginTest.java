package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginTest extends EngineTest {

    @Test
    void basic_correctPassword_okWithParams() {
        user("alice").close();
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.loginBasic("Alice", "alice-secret");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("ok");
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("user").getAsString()).startsWith("usr");
        assertThat(p.get("authlvl").getAsString()).isEqualTo("auth");
        assertThat(p.get("token").getAsString()).hasSize(68);
        assertThat(p.get("expires").getAsString()).isEqualTo("2026-01-16T03:04:05.678Z");
    }

    @Test
    void basic_wrongPassword_authFailed() {
        user("bob1").close();
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.loginBasic("bob1", "wrong-password");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(401);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("authentication failed");
        c.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void basic_unknownLogin_authFailed() {
        TestClient c = client();
        c.hi();
        assertThat(c.loginBasic("nobody", "whatever").get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void basic_noColon_malformed() {
        TestClient c = client();
        c.hi();
        assertThat(c.login("basic", TestClient.b64("nocolon")).get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void secretNotBase64_malformedWithoutId() {
        TestClient c = client();
        c.hi();
        c.send("{\"login\":{\"id\":\"5\",\"scheme\":\"basic\",\"secret\":\"***\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
        assertThat(ctrl.has("id")).isFalse();
    }

    @Test
    void unknownScheme_unknownAuthenticationScheme() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.login("kerberos", "YQ==");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(401);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("unknown authentication scheme");
    }

    @Test
    void anonymousScheme_notImplemented() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.login("anonymous", "YQ==");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(501);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("not implemented");
    }

    @Test
    void secondLogin_alreadyAuthenticated() {
        TestClient c = user("carl");
        JsonObject ctrl = c.loginBasic("carl", "carl-secret");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("already authenticated");
    }

    @Test
    void token_fromEarlierLogin_okAndRenewed() {
        TestClient a = user("dora");
        String token = a.token();
        clock.advance(Duration.ofDays(1));
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.login("token", token);
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.getAsJsonObject("params").get("user").getAsString()).isEqualTo(a.userId());
        assertThat(ctrl.getAsJsonObject("params").get("token").getAsString()).isNotEqualTo(token);
        assertThat(ctrl.getAsJsonObject("params").get("expires").getAsString()).isEqualTo("2026-01-17T03:04:05.678Z");
    }

    @Test
    void token_expired_authFailed() {
        TestClient a = user("eddy");
        clock.advance(Duration.ofDays(15));
        TestClient c = client();
        c.hi();
        assertThat(c.login("token", a.token()).get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void token_tampered_authFailed() {
        TestClient a = user("fiona");
        byte[] t = java.util.Base64.getDecoder().decode(a.token());
        t[4] ^= 1;
        TestClient c = client();
        c.hi();
        assertThat(c.login("token", java.util.Base64.getEncoder().encodeToString(t)).get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void token_tooShort_malformed() {
        TestClient c = client();
        c.hi();
        assertThat(c.login("token", "AAAA").get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void token_survivesRestartWithSameKeyAndStore() {
        TestClient a = user("gary");
        String token = a.token();
        server.close();
        LocalTransport t2 = new LocalTransport();
        try (TinodeServer s2 = TestServers.builder().store(store).clock(clock).transport(t2).build().start();
             TestClient c = new TestClient(t2)) {
            c.hi();
            assertThat(c.login("token", token).get("code").getAsInt()).isEqualTo(200);
        }
    }

    @Test
    void token_otherKey_authFailed() {
        TestClient a = user("hazel");
        LocalTransport t2 = new LocalTransport();
        try (TinodeServer s2 = TestServers.builder().store(store).clock(clock).transport(t2)
                .tokenKey("another-key-another-key-another-key".getBytes()).build().start();
             TestClient c = new TestClient(t2)) {
            c.hi();
            assertThat(c.login("token", a.token()).get("code").getAsInt()).isEqualTo(401);
        }
    }

    @Test
    void token_signedWithOldKey_logsInAfterRotation() {
        TestClient a = user("irene");
        String token = a.token();
        server.close();
        LocalTransport t2 = new LocalTransport();
        try (TinodeServer s2 = TestServers.builder().store(store).clock(clock).transport(t2)
                .tokenKey("rotated-key-rotated-key-rotated-key".getBytes())
                .tokenOldKeys(java.util.List.of(TestServers.TOKEN_KEY)).build().start();
             TestClient c = new TestClient(t2)) {
            c.hi();
            JsonObject ctrl = c.login("token", token);
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
            // The fresh token in the reply is signed with the new key: only the rotated server takes it.
            String fresh = ctrl.getAsJsonObject("params").get("token").getAsString();
            assertThat(fresh).isNotEqualTo(token);
        }
    }

    @Test
    void token_keyNeitherCurrentNorOld_authFailed() {
        TestClient a = user("jack");
        LocalTransport t2 = new LocalTransport();
        try (TinodeServer s2 = TestServers.builder().store(store).clock(clock).transport(t2)
                .tokenKey("another-key-another-key-another-key".getBytes())
                .tokenOldKeys(java.util.List.of("yet-another-key-yet-another-key!".getBytes())).build().start();
             TestClient c = new TestClient(t2)) {
            c.hi();
            JsonObject ctrl = c.login("token", a.token());
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(401);
            assertThat(ctrl.get("text").getAsString()).isEqualTo("authentication failed");
        }
    }
}

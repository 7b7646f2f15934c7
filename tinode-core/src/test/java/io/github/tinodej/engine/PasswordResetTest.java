package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.RecordingValidator;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code {login scheme:"reset"}} and the {@code code} scheme in {@code {acc tmpscheme}}. */
class PasswordResetTest extends CredTest {

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return super.customize(b).resetCodes(6, Duration.ofMinutes(15), 3);
    }

    private static JsonObject reset(TestClient c, String secret) {
        return c.login("reset", TestClient.b64(secret));
    }

    private static JsonObject newPassword(TestClient c, String code, String addr, String password) {
        return c.request("acc", TestClient.json("{\"id\":\"" + c.nextId() + "\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(":" + password) + "\",\"tmpscheme\":\"code\",\"tmpsecret\":\""
                + TestClient.b64(code + ":email:" + addr) + "\"}"));
    }

    @Test
    void reset_sendsCodeWithLogin_andCodeSetsNewPassword() {
        validatedUser("alice", "alice@example.com");
        TestClient c = client();
        c.hi();
        JsonObject ctrl = reset(c, "basic:email:alice@example.com");
        assertCtrl(ctrl, 301, "auth reset");
        assertThat(ctrl.has("params")).isFalse();
        RecordingValidator.Sent sent = email.next();
        assertThat(sent.to()).isEqualTo("alice@example.com");
        assertThat(sent.scheme()).isEqualTo("basic");
        assertThat(sent.login()).isEqualTo("alice");
        assertThat(sent.code()).hasSize(6).containsOnlyDigits();
        assertCtrl(newPassword(c, sent.code(), "alice@example.com", "brand-new-pass"), 200, "ok");
        // The code does not log the session in.
        c.send("{\"sub\":{\"id\":\"9\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
        assertCtrl(c.loginBasic("alice", "brand-new-pass"), 200, "ok");
        // Used up.
        TestClient d = client();
        d.hi();
        assertCtrl(newPassword(d, sent.code(), "alice@example.com", "another-pass"), 401, "authentication failed");
    }

    @Test
    void reset_unknownAddress_sameReplyNothingSent() {
        TestClient c = client();
        c.hi();
        assertCtrl(reset(c, "basic:email:nobody@example.com"), 301, "auth reset");
        assertThat(store.getCacheEntry("code_email:nobody@example.com")).isEmpty();
        assertThat(email.pending()).isZero();
    }

    @Test
    void reset_badRequests() {
        TestClient c = client();
        c.hi();
        assertCtrl(reset(c, "basic:email"), 400, "malformed");
        assertCtrl(reset(c, "nosuch:email:a@b.c"), 501, "not implemented");
        assertCtrl(reset(c, "basic:fax:123"), 501, "not implemented");
    }

    @Test
    void reset_allowedWhenAuthenticated() {
        TestClient c = validatedUser("bobby", "bob@example.com");
        assertCtrl(reset(c, "basic:email:bob@example.com"), 301, "auth reset");
    }

    @Test
    void secondResetWithinLifetime_duplicate_afterLifetime_newCode() {
        validatedUser("carol", "carol@example.com");
        TestClient c = client();
        c.hi();
        assertCtrl(reset(c, "basic:email:carol@example.com"), 301, "auth reset");
        String first = email.next().code();
        assertCtrl(reset(c, "basic:email:carol@example.com"), 409, "duplicate credential");
        clock.advance(Duration.ofMinutes(15));
        // The first code expired with its lifetime.
        assertCtrl(newPassword(c, first, "carol@example.com", "carol-new-pass"), 401, "authentication failed");
        assertCtrl(reset(c, "basic:email:carol@example.com"), 301, "auth reset");
        assertCtrl(newPassword(c, email.next().code(), "carol@example.com", "carol-new-pass"), 200, "ok");
    }

    @Test
    void wrongCodes_authFailedWhatAuth_thenExhausted() {
        validatedUser("dave1", "dave@example.com");
        TestClient c = client();
        c.hi();
        reset(c, "basic:email:dave@example.com");
        String code = email.next().code();
        for (int i = 0; i < 3; i++) {
            JsonObject ctrl = newPassword(c, "x" + i, "dave@example.com", "dave-new-pass");
            assertCtrl(ctrl, 401, "authentication failed");
            assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("auth");
        }
        assertCtrl(newPassword(c, code, "dave@example.com", "dave-new-pass"), 401, "authentication failed");
    }

    @Test
    void loginWithCode_okButNoSession_andItsTokenNeverOpensOne() {
        validatedUser("frank", "frank@example.com");
        TestClient c = client();
        c.hi();
        reset(c, "basic:email:frank@example.com");
        JsonObject ctrl = c.login("code", TestClient.b64(email.next().code() + ":email:frank@example.com"));
        assertCtrl(ctrl, 200, "ok");
        String token = ctrl.getAsJsonObject("params").get("token").getAsString();
        assertThat(java.util.Base64.getDecoder().decode(token)[16] & 2).as("no-login feature").isEqualTo(2);
        c.send("{\"sub\":{\"id\":\"9\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
        assertCtrl(c.login("token", token), 200, "ok");
        c.send("{\"sub\":{\"id\":\"10\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void unvalidatedAddress_notFoundSoNothingSent() {
        TestClient c = client();
        c.hi();
        signUp(c, "erin1", emailCred("erin@example.com", null), false);
        email.next();
        assertCtrl(reset(c, "basic:email:erin@example.com"), 301, "auth reset");
        assertThat(store.getCacheEntry("code_email:erin@example.com")).isEmpty();
    }
}

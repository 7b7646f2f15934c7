package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code {login}} with required credentials: 300 until validated, the V token feature after. */
class CredLoginTest extends CredTest {

    private String pendingUser(String login, String addr) {
        TestClient c = client();
        c.hi();
        signUp(c, login, emailCred(addr, null), false);
        return email.next().code();
    }

    private static int features(String token) {
        byte[] t = Base64.getDecoder().decode(token);
        return (t[16] & 0xFF) | (t[17] & 0xFF) << 8;
    }

    @Test
    void loginWithoutCred_validateCredentials_notAuthenticated() {
        pendingUser("alice", "alice@example.com");
        TestClient c = client();
        c.hi();
        JsonObject ctrl = login(c, "alice", null);
        assertCtrl(ctrl, 300, "validate credentials");
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("cred").toString()).isEqualTo("[\"email\"]");
        assertThat(features(p.get("token").getAsString()) & TokenAuthenticator.FEATURE_VALIDATED).isZero();
        c.send("{\"sub\":{\"id\":\"9\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void loginWithWrongCode_stillValidateCredentials_andCountsTheTry() {
        pendingUser("bobby", "bob@example.com");
        TestClient c = client();
        c.hi();
        assertCtrl(login(c, "bobby", respCred("000000x")), 300, "validate credentials");
        Uid uid = store.getAuthRecordByUnique("basic:bobby").orElseThrow().uid();
        assertThat(store.getActiveCredential(uid, "email")).get().satisfies(cr -> assertThat(cr.retries()).isEqualTo(1));
    }

    @Test
    void loginWithRightCode_okValidatedTokenAndTag() {
        String code = pendingUser("carol", "carol@example.com");
        TestClient c = client();
        c.hi();
        JsonObject ctrl = login(c, "carol", respCred(code));
        assertCtrl(ctrl, 200, "ok");
        assertThat(features(ctrl.getAsJsonObject("params").get("token").getAsString())
                & TokenAuthenticator.FEATURE_VALIDATED).isNotZero();
        c.send("{\"sub\":{\"id\":\"9\",\"topic\":\"me\",\"get\":{\"what\":\"tags\"}}}");
        assertThat(c.ctrlFor("9").get("code").getAsInt()).isEqualTo(200);
        assertThat(c.next("meta").get("tags").toString()).contains("email:carol@example.com");
        // A validated token logs in with no cred.
        TestClient d = client();
        d.hi();
        assertCtrl(d.login("token", c.token()), 200, "ok");
    }

    @Test
    void tokenFromValidateReply_plusCode_logsIn() {
        String code = pendingUser("dave1", "dave@example.com");
        TestClient c = client();
        c.hi();
        String token = login(c, "dave1", null).getAsJsonObject("params").get("token").getAsString();
        JsonObject ctrl = c.request("login", TestClient.json("{\"id\":\"3\",\"scheme\":\"token\",\"secret\":\""
                + token + "\",\"cred\":" + respCred(code) + "}"));
        assertCtrl(ctrl, 200, "ok");
    }

    @Test
    void debugResponse_accepted() {
        pendingUser("erin1", "erin@example.com");
        TestClient c = client();
        c.hi();
        assertCtrl(login(c, "erin1", respCred("999999")), 200, "ok");
    }

    @Test
    void retriesExhausted_policyViolation_evenWithTheRightCode() {
        String code = pendingUser("frank", "frank@example.com");
        TestClient c = client();
        c.hi();
        for (int i = 0; i < 4; i++) {
            assertCtrl(login(c, "frank", respCred("bad" + i)), 300, "validate credentials");
        }
        assertCtrl(login(c, "frank", respCred(code)), 422, "policy violation");
    }

    @Test
    void responseWithoutClaim_notFound() {
        pendingUser("gina1", "gina@example.com");
        Uid uid = store.getAuthRecordByUnique("basic:gina1").orElseThrow().uid();
        store.deleteCredential(uid, "email", null);
        TestClient c = client();
        c.hi();
        assertCtrl(login(c, "gina1", respCred("123456")), 404, "not found");
    }
}

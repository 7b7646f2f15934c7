package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.RecordingValidator;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/** {@code {hi} reqCred} and {@code {acc}} with {@code cred}, with Tinode's codes in Tinode's order. */
class CredSignUpTest extends CredTest {

    @Test
    void hi_advertisesRequiredMethodsPerLevel() {
        TestClient c = client();
        JsonObject p = c.hi().getAsJsonObject("params");
        assertThat(p.get("reqCred").toString()).isEqualTo("{\"auth\":[\"email\"],\"root\":[\"mail\"]}");
    }

    @Test
    void signUpWithLogin_validateCredentialsWithTokenAndDesc_sessionNotAuthenticated() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = signUp(c, "alice", emailCred("Alice@Example.com", null), true);
        assertCtrl(ctrl, 300, "validate credentials");
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("authlvl").getAsString()).isEqualTo("auth");
        assertThat(p.get("cred").toString()).isEqualTo("[\"email\"]");
        assertThat(p.get("token").getAsString()).hasSize(68);
        assertThat(p.has("expires")).isTrue();
        assertThat(p.has("desc")).isTrue();
        RecordingValidator.Sent sent = email.next();
        assertThat(sent.to()).isEqualTo("alice@example.com");
        assertThat(sent.code()).hasSize(6).containsOnlyDigits();
        assertThat(sent.token()).isNotEmpty();
        Uid uid = Uid.parseUserId(p.get("user").getAsString());
        assertThat(store.getCredentials(uid, "email", false)).singleElement()
                .satisfies(cr -> assertThat(cr.done()).isFalse());
        c.send("{\"sub\":{\"id\":\"9\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void signUpWithoutLogin_created() {
        TestClient c = client();
        c.hi();
        assertCtrl(signUp(c, "bobby", emailCred("bob@example.com", null), false), 201, "created");
        assertThat(email.next().to()).isEqualTo("bob@example.com");
    }

    @Test
    void signUpWithoutCred_policyViolationNamingMissingMethods_userRemoved() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = signUp(c, "carol", null, true);
        assertCtrl(ctrl, 422, "policy violation");
        assertThat(ctrl.getAsJsonObject("params").get("creds").toString()).isEqualTo("[\"email\"]");
        assertThat(store.getAuthRecordByUnique("basic:carol")).isEmpty();
    }

    @Test
    void signUpWithUnknownMethodOnly_countsAsMissing() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = signUp(c, "carol", "[{\"meth\":\"fax\",\"val\":\"123\"}]", true);
        assertCtrl(ctrl, 422, "policy violation");
    }

    @Test
    void signUpWithMalformedAddress_malformedWhatMethod() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = signUp(c, "dave1", emailCred("not-an-address", null), true);
        assertCtrl(ctrl, 400, "malformed");
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("email");
        assertThat(store.getAuthRecordByUnique("basic:dave1")).isEmpty();
    }

    @Test
    void takenLoginAndBadAddress_loginReportedFirst_asInTinode() {
        validatedUser("dave2", "dave2@example.com");
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.request("acc", TestClient.json("{\"id\":\"5\",\"user\":\"new\",\"scheme\":\"basic\","
                + "\"secret\":\"" + TestClient.b64("dave2:other-secret") + "\",\"cred\":" + emailCred("bad", null) + "}"));
        assertCtrl(ctrl, 409, "duplicate credential");
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("auth");
    }

    @Test
    void signUpWithResponse_authenticationFailed_userRemoved() {
        TestClient c = client();
        c.hi();
        assertCtrl(signUp(c, "erin1", emailCred("erin@example.com", "123456"), true), 401, "authentication failed");
        assertThat(store.getAuthRecordByUnique("basic:erin1")).isEmpty();
    }

    @Test
    void signUpWithAddressValidatedByOther_duplicate_userRemoved() {
        validatedUser("frank", "frank@example.com");
        TestClient c = client();
        c.hi();
        assertCtrl(signUp(c, "frank2", emailCred("frank@example.com", null), true), 409, "duplicate credential");
        assertThat(store.getAuthRecordByUnique("basic:frank2")).isEmpty();
    }

    @Test
    void signUpWithCredentialTag_permissionDeniedWhatTags() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.request("acc", TestClient.json("{\"id\":\"5\",\"user\":\"new\",\"scheme\":\"basic\","
                + "\"secret\":\"" + TestClient.b64("gina1:gina1-secret") + "\",\"tags\":[\"email:x@y.z\"],"
                + "\"cred\":" + emailCred("gina@example.com", null) + "}"));
        assertCtrl(ctrl, 403, "permission denied");
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("tags");
    }

    @Test
    void builder_rejectsBadSettingsNamingThem() {
        var b = io.github.tinodej.TinodeServer.builder();
        assertThatThrownBy(() -> b.resetCodes(3, java.time.Duration.ofMinutes(1), 3)).hasMessageContaining("4..18");
        assertThatThrownBy(() -> b.resetCodes(6, java.time.Duration.ZERO, 3)).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> b.resetCodes(6, java.time.Duration.ofMinutes(1), 0)).hasMessageContaining("retries");
        assertThatThrownBy(() -> b.unvalidatedAccountGc(java.time.Duration.ofMinutes(1), 0, java.time.Duration.ofHours(1)))
                .hasMessageContaining("unvalidatedAccountGc");
        assertThatThrownBy(() -> b.validator(new RecordingValidator("E:mail", 3, null, null),
                java.util.Set.of(io.github.tinodej.model.AuthLevel.AUTH), true)).hasMessageContaining("E:mail");
        assertThatThrownBy(() -> b.validator(email, java.util.Set.of(io.github.tinodej.model.AuthLevel.NONE), true))
                .hasMessageContaining("level none");
    }

    @Test
    void anonymousSignUp_needsNothing() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.request("acc", TestClient.json(
                "{\"id\":\"5\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true}"));
        assertCtrl(ctrl, 200, "ok");
    }
}

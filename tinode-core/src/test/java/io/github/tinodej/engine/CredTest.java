package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.testing.RecordingValidator;
import io.github.tinodej.testing.TestClient;
import java.util.Set;

/**
 * Base for the credential tests: {@code email} required at level auth with {@code add_to_tags}
 * and debug response 999999, delivering into a queue; {@code mail} (no tags) required at root only.
 */
abstract class CredTest extends EngineTest {
    protected final RecordingValidator email = new RecordingValidator("email", 3, "999999", null);
    protected final RecordingValidator mail = new RecordingValidator("mail", 3, null, null);

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.validator(email, Set.of(AuthLevel.AUTH), true).validator(mail, Set.of(AuthLevel.ROOT), false);
    }

    /** {@code {acc}} creating a basic account with the given cred array (JSON) and login flag. */
    protected static JsonObject signUp(TestClient c, String login, String credJson, boolean doLogin) {
        return c.request("acc", TestClient.json("{\"id\":\"" + c.nextId() + "\",\"user\":\"new\",\"scheme\":\"basic\","
                + "\"secret\":\"" + TestClient.b64(login + ":" + login + "-secret") + "\",\"login\":" + doLogin
                + (credJson == null ? "" : ",\"cred\":" + credJson) + "}"));
    }

    /** {@code {login basic}} with a cred array (JSON, or null). */
    protected static JsonObject login(TestClient c, String login, String credJson) {
        return c.request("login", TestClient.json("{\"id\":\"" + c.nextId() + "\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(login + ":" + login + "-secret") + "\""
                + (credJson == null ? "" : ",\"cred\":" + credJson) + "}"));
    }

    protected static String emailCred(String addr, String resp) {
        return "[{\"meth\":\"email\",\"val\":\"" + addr + "\"" + (resp == null ? "" : ",\"resp\":\"" + resp + "\"") + "}]";
    }

    protected static String respCred(String resp) {
        return "[{\"meth\":\"email\",\"resp\":\"" + resp + "\"}]";
    }

    /** A client logged in as a user who validated {@code addr}, attached to {@code me}. */
    protected TestClient validatedUser(String login, String addr) {
        TestClient c = client();
        c.hi();
        assertThat(signUp(c, login, emailCred(addr, null), true).get("code").getAsInt()).isEqualTo(300);
        String code = email.next().code();
        assertThat(login(c, login, respCred(code)).get("code").getAsInt()).isEqualTo(200);
        c.send("{\"sub\":{\"id\":\"me1\",\"topic\":\"me\"}}");
        assertThat(c.ctrlFor("me1").get("code").getAsInt()).isEqualTo(200);
        return c;
    }

    protected static void assertCtrl(JsonObject ctrl, int code, String text) {
        assertThat(ctrl.get("code").getAsInt()).as(ctrl.toString()).isEqualTo(code);
        assertThat(ctrl.get("text").getAsString()).isEqualTo(text);
    }
}

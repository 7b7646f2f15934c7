package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.validate.EmailValidator;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stock e-mail validator against GreenMail, a real SMTP server on loopback (with SMTP AUTH LOGIN). */
class EmailValidationTest extends EngineTest {
    private static final Pattern CODE = Pattern.compile("<big>(\\d+)</big>");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "mailer-pass"));

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        EmailValidator v = EmailValidator.builder()
                .hostUrl("http://chat.example.com")
                .smtp("127.0.0.1", SMTP.getSmtp().getPort())
                .sender("\"Chat\" <noreply@example.com>")
                .auth("mailer", "mailer-pass", "login")
                .codes(0, 0, null)
                .domains(List.of("example.com", "example.org"))
                .build();
        return b.validator(v, Set.of(AuthLevel.AUTH), true);
    }

    /** Waits for the next message to {@code to} and returns it with its code. */
    private static String[] nextMail(int count) throws Exception {
        assertThat(SMTP.waitForIncomingEmail(10_000, count)).as("mail arrived").isTrue();
        MimeMessage[] all = SMTP.getReceivedMessages();
        MimeMessage m = all[count - 1];
        String body = GreenMailUtil.getBody(m);
        Matcher c = CODE.matcher(body);
        assertThat(c.find()).as(body).isTrue();
        return new String[] {m.getAllRecipients()[0].toString(), m.getSubject(), c.group(1), body};
    }

    private static JsonObject signUp(TestClient c, String login, String addr) {
        return c.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(login + ":" + login + "-secret") + "\",\"login\":true,\"cred\":[{\"meth\":\"email\","
                + "\"val\":\"" + addr + "\"}]}"));
    }

    private static JsonObject login(TestClient c, String login, String resp) {
        return c.request("login", TestClient.json("{\"id\":\"" + c.nextId() + "\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(login + ":" + login + "-secret") + "\",\"cred\":[{\"meth\":\"email\",\"resp\":\""
                + resp + "\"}]}"));
    }

    @Test
    void signUp_mailCarriesCode_loginWithItSucceeds() throws Exception {
        TestClient c = client();
        c.hi();
        assertThat(signUp(c, "alice", "Alice@Example.com").get("code").getAsInt()).isEqualTo(300);
        String[] mail = nextMail(1);
        assertThat(mail[0]).isEqualTo("alice@example.com");
        assertThat(mail[1]).isEqualTo("Confirm your e-mail address");
        assertThat(mail[2]).hasSize(6);
        assertThat(mail[3]).contains("http://chat.example.com/#cred?method=email&code=" + mail[2] + "&token=");
        assertThat(login(c, "alice", mail[2]).get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void wrongCode_validateCredentials_thenRetriesExhausted_policy() throws Exception {
        TestClient c = client();
        c.hi();
        signUp(c, "bobby", "bob@example.org");
        String code = nextMail(1)[2];
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            JsonObject ctrl = login(c, "bobby", wrong);
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(300);
            assertThat(ctrl.get("text").getAsString()).isEqualTo("validate credentials");
        }
        JsonObject ctrl = login(c, "bobby", code);
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(422);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("policy violation");
    }

    @Test
    void domainNotAllowed_policyWhatEmail_displayName_malformed() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = signUp(c, "carol", "carol@example.net");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(422);
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("email");
        assertThat(signUp(c, "carol", "Carol <carol@example.com>").get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void passwordReset_mailCarriesLoginAndCode_codeSetsPassword() throws Exception {
        TestClient c = client();
        c.hi();
        signUp(c, "dave1", "dave@example.com");
        assertThat(login(c, "dave1", nextMail(1)[2]).get("code").getAsInt()).isEqualTo(200);
        TestClient d = client();
        d.hi();
        JsonObject ctrl = d.login("reset", TestClient.b64("basic:email:dave@example.com"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(301);
        String[] mail = nextMail(2);
        assertThat(mail[1]).isEqualTo("Your password reset code");
        assertThat(mail[3]).contains("Your login is dave1.")
                .contains("#reset?scheme=basic&code=" + mail[2] + "&cred=dave@example.com");
        JsonObject acc = d.request("acc", TestClient.json("{\"id\":\"7\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(":dave-new-pass") + "\",\"tmpscheme\":\"code\",\"tmpsecret\":\""
                + TestClient.b64(mail[2] + ":email:dave@example.com") + "\"}"));
        assertThat(acc.get("code").getAsInt()).isEqualTo(200);
        assertThat(d.loginBasic("dave1", "dave-new-pass").get("code").getAsInt()).isEqualTo(200);
    }
}

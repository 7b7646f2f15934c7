package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.validate.LoggingSmsSender;
import io.github.tinodej.validate.SmsSender;
import io.github.tinodej.validate.TelValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tel validator: E.164 pre-check, codes through an SmsSender, sign-up and login with the code. */
class TelValidationTest extends EngineTest {
    private final BlockingQueue<String[]> texts = new LinkedBlockingQueue<>();
    private final SmsSender sms = (from, to, text) -> texts.add(new String[] {from, to, text});

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.validator(TelValidator.fromTinodeConfig("{\"host_url\":\"https://chat.example.com/\",\"sender\":\"Chat\"}",
                sms), Set.of(AuthLevel.AUTH), true).defaultCountryCode("gb");
    }

    @Test
    void preCheck_mobileNumbersToE164_othersMalformed() {
        TelValidator v = new TelValidator("http://h", null, List.of(), null, 0, 0, null, new LoggingSmsSender());
        assertThat(v.preCheck("+44 7911 123456", Map.of())).isEqualTo("tel:+447911123456");
        assertThat(v.preCheck("07911 123456", Map.of("countryCode", "GB"))).isEqualTo("tel:+447911123456");
        assertThat(v.preCheck("(650) 253-0000", Map.of())).isEqualTo("tel:+16502530000");
        for (String bad : new String[] {"alice@example.com", "+44 20 7946 0018", "12", "call me"}) {
            assertThatThrownBy(() -> v.preCheck(bad, Map.of())).as(bad).isInstanceOf(StoreException.class);
        }
        assertThatThrownBy(() -> TelValidator.fromTinodeConfig("{\"host_url\":\"http://h\",\"twilio_conf\":{}}", sms))
                .hasMessageContaining("twilio_conf");
    }

    @Test
    void signUpWithPhone_smsCarriesCode_loginWithIt() throws Exception {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("alice:alice-secret") + "\",\"login\":true,\"cred\":[{\"meth\":\"tel\","
                + "\"val\":\"+447911123456\"}]}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(300);
        String[] sent = texts.poll(10, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent[0]).isEqualTo("Chat");
        assertThat(sent[1]).isEqualTo("+447911123456");
        String code = sent[2].replaceAll("(?s).*Your code: (\\d+).*", "$1");
        assertThat(code).hasSize(6);
        assertThat(sent[2]).contains("https://chat.example.com/");
        JsonObject login = c.request("login", TestClient.json("{\"id\":\"2\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("alice:alice-secret") + "\",\"cred\":[{\"meth\":\"tel\",\"resp\":\"" + code + "\"}]}"));
        assertThat(login.get("code").getAsInt()).isEqualTo(200);

        // Found by the national form of the number: the server's default region is GB.
        TestClient d = client();
        d.hi();
        JsonObject bob = d.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("bobby:bobby-secret") + "\",\"login\":true,\"cred\":[{\"meth\":\"tel\","
                + "\"val\":\"+447400123456\"}]}"));
        assertThat(bob.get("code").getAsInt()).as(bob.toString()).isEqualTo(300);
        d.request("login", TestClient.json("{\"id\":\"2\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("bobby:bobby-secret") + "\",\"cred\":[{\"meth\":\"tel\",\"resp\":\""
                + texts.poll(10, TimeUnit.SECONDS)[2].replaceAll("(?s).*Your code: (\\d+).*", "$1") + "\"}]}"));
        d.send("{\"sub\":{\"id\":\"f1\",\"topic\":\"fnd\"}}");
        assertThat(d.ctrlFor("f1").get("code").getAsInt()).isEqualTo(200);
        d.send("{\"set\":{\"id\":\"f2\",\"topic\":\"fnd\",\"desc\":{\"public\":\"07911123456\"}}}");
        d.ctrlFor("f2");
        d.send("{\"get\":{\"id\":\"f3\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        JsonObject meta = d.next("meta");
        assertThat(meta.get("sub").toString()).contains("tel:+447911123456").contains(uid(login));
    }

    private static String uid(JsonObject loginCtrl) {
        return loginCtrl.getAsJsonObject("params").get("user").getAsString();
    }
}

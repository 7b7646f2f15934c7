package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.tinodej.TinodeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The launcher with Tinode's acc_validation section pointing at GreenMail: a sign-up by e-mail code. */
class LauncherValidationTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private String conf() {
        return """
                // Tinode's format, comments and all.
                {
                  "acc_validation": {
                    "email": {
                      "add_to_tags": true,
                      "required": ["auth"],
                      "config": {
                        "host_url": "http://localhost:6060/",
                        "smtp_server": "127.0.0.1",
                        "smtp_port": "%d",
                        "sender": "\\"Tinode\\" <noreply@example.com>",
                        "max_retries": 3,
                        "domains": [],
                      }
                    },
                    "tel": {"add_to_tags": true, "config": {"host_url": "http://localhost:6060/"}}
                  },
                  "auth_config": {"code": {"expire_in": 900, "max_retries": 3, "code_length": 8}},
                  "acc_gc_config": {"enabled": true, "gc_period": 3600, "gc_block_size": 10, "gc_min_account_age": 30},
                  "default_country_code": "GB"
                }
                """.formatted(SMTP.getSmtp().getPort());
    }

    @Test
    void signUpWithMailedCode(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, conf());
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir));
                Ws ws = new Ws(s.port())) {
            JsonObject hi = ws.request("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            assertThat(hi.getAsJsonObject("params").get("reqCred").toString()).isEqualTo("{\"auth\":[\"email\"]}");
            JsonObject acc = ws.request("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                    + b64("alice:alice-secret") + "\",\"login\":true,\"cred\":[{\"meth\":\"email\",\"val\":\"alice@example.com\"}]}}");
            assertThat(acc.get("code").getAsInt()).isEqualTo(300);
            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
            Matcher m = Pattern.compile("<big>(\\d+)</big>").matcher(GreenMailUtil.getBody(SMTP.getReceivedMessages()[0]));
            assertThat(m.find()).isTrue();
            JsonObject login = ws.request("{\"login\":{\"id\":\"3\",\"scheme\":\"basic\",\"secret\":\""
                    + b64("alice:alice-secret") + "\",\"cred\":[{\"meth\":\"email\",\"resp\":\"" + m.group(1) + "\"}]}}");
            assertThat(login.get("code").getAsInt()).isEqualTo(200);
            // A tel: tag is refused: tel is off, but with add_to_tags its namespace is restricted.
            JsonObject tags = ws.request("{\"acc\":{\"id\":\"4\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                    + b64("bob:bob-secret") + "\",\"tags\":[\"tel:+15551234567\"],\"cred\":[{\"meth\":\"email\","
                    + "\"val\":\"bob@example.com\"}]}}");
            assertThat(tags.get("code").getAsInt()).isEqualTo(403);
        }
    }

    @Test
    void badSections_failNamingTheKey(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"acc_validation\": {\"email\": {\"required\": [\"auth\"], \"config\": {}}}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("acc_validation.email.config");
        Files.writeString(conf, "{\"acc_validation\": {\"fax\": {\"required\": [\"auth\"]}}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .hasMessageContaining("unknown validator 'fax'");
        Files.writeString(conf, "{\"acc_validation\": {\"email\": {\"required\": [\"everyone\"]}}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .hasMessageContaining("invalid level 'everyone'");
        Files.writeString(conf, "{\"auth_config\": {\"code\": {\"expire_in\": 900}}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .hasMessageContaining("auth_config.code");
        Files.writeString(conf, "{\"default_country_code\": \"Britain\"}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .hasMessageContaining("default_country_code");
        Files.writeString(conf, "{\"acc_gc_config\": {\"enabled\": true, \"gc_period\": 0}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .hasMessageContaining("acc_gc_config");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A WebSocket client that sends one frame and returns the next {@code ctrl}. */
    private static final class Ws implements AutoCloseable {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final WebSocket ws;

        Ws(int port) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                    + "/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"), new WebSocket.Listener() {
                        private final StringBuilder part = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                frames.add(part.toString());
                                part.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
        }

        JsonObject request(String frame) throws Exception {
            ws.sendText(frame, true).get(10, TimeUnit.SECONDS);
            while (true) {
                String f = frames.poll(10, TimeUnit.SECONDS);
                assertThat(f).as("a reply within 10 s").isNotNull();
                JsonObject o = JsonParser.parseString(f).getAsJsonObject();
                if (o.has("ctrl")) {
                    return o.getAsJsonObject("ctrl");
                }
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}

package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.examples.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential validation and password reset through the official JS SDK against the launcher
 * configured with Tinode's {@code acc_validation} section, mail going to GreenMail (a real SMTP
 * server on loopback). The Node scenario reads the mailed codes from a small HTTP endpoint of
 * this test ({@code GET /code?to=ADDRESS&n=N}, the code of the N-th message to ADDRESS).
 */
class CredentialsInteropTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Test
    void signUpValidateAddDeleteReset_overWebSocket(@TempDir Path data) throws Exception {
        scenario(data, "ws");
    }

    @Test
    void signUpValidateAddDeleteReset_overLongPolling(@TempDir Path data) throws Exception {
        scenario(data, "lp");
    }

    private static void scenario(Path data, String transport) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, validationConfig(SMTP.getSmtp().getPort()));
        try (MailedCodes codes = new MailedCodes(SMTP);
                TinodeServer server = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, data))) {
            NodeScript.Result r = NodeScript.run("credentials.mjs", "127.0.0.1:" + server.port(), transport, codes.url());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"ok\":true");
        }
    }

    /** The launcher's configuration for these tests: e-mail required at level auth, mail to {@code smtpPort}. */
    static String validationConfig(int smtpPort) {
        return """
                {"acc_validation": {"email": {"add_to_tags": true, "required": ["auth"], "config": {
                   "host_url": "http://localhost:6060/", "smtp_server": "127.0.0.1", "smtp_port": "%d",
                   "sender": "noreply@example.com"}}},
                 "auth_config": {"code": {"expire_in": 900, "max_retries": 3, "code_length": 6}}}
                """.formatted(smtpPort);
    }
}

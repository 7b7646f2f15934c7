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
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TinodeWeb signs up where an e-mail address must be validated: the launcher, started with
 * Tinode's {@code acc_validation} section, mails the code to GreenMail; the browser scenario types
 * it into the app's confirmation form (a wrong one first), reaches the chat list, then signs in
 * again with the password alone. Screenshots in {@code target/screenshots}.
 */
@EnabledIf("io.github.tinodej.interop.WebAppBrowserTest#chromiumInstalled")
class SignupValidationBrowserTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Test
    void tinodeWeb_signUpWithEmailCode_thenSignInWithoutOne(@TempDir Path data) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, CredentialsInteropTest.validationConfig(SMTP.getSmtp().getPort()));
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        try (MailedCodes codes = new MailedCodes(SMTP);
                TinodeServer server = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, data))) {
            NodeScript.Result r = NodeScript.run("signup-validation.mjs", "127.0.0.1:" + server.port(),
                    shots.toString(), codes.url());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"ok\":true");
        }
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(shots.resolve("validation-4-signed-in-again.png")).exists();
    }
}

package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.examples.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * TinodeWeb as the launcher serves it, in headless Chromium driven by playwright-core: sign up, chat
 * with a second account, send a text and an image, see the reply. Screenshots are kept in
 * {@code target/screenshots}. Runs where Debian's Chromium is installed ({@code .ci/run} installs it).
 */
@EnabledIf("chromiumInstalled")
class WebAppBrowserTest {

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    @Test
    void tinodeWeb_signUpChatTextImageAndReply(@TempDir Path data) throws Exception {
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        try (TinodeServer server = Launcher.start(new Launcher.Options("127.0.0.1:0", null, null, data))) {
            // 127.0.0.1 rather than localhost: TinodeWeb maps 'localhost' to port 6060 whatever the page's port.
            NodeScript.Result r = NodeScript.run("browser.mjs", "127.0.0.1:" + server.port(), shots.toString());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"ok\":true");
        }
        assertThat(shots.resolve("4-reply.png")).exists();
    }
}

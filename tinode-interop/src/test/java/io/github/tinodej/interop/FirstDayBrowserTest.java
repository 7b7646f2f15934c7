package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.examples.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A new user's first day in TinodeWeb, clicked through in headless Chromium against the launcher
 * ({@code js/firstday.mjs}): sign up, log out and in, start chats by ID and by search, text, a 5 MB
 * photo and a file, a reply from a peer, a group with a member who writes in it, a new name, mute,
 * leave a group, delete a chat, block, and the state after signing in again. The peers are SDK
 * accounts; every step checks what the page shows and what the peer got.
 *
 * <p>Runs once per wire transport, chosen in TinodeWeb's own settings. A failure names the step and
 * dumps the frames the page exchanged around it; screenshots of every step, {@code frames.log} and
 * {@code failures.json} are kept in {@code target/screenshots/firstday-<transport>}. With
 * {@code FIRSTDAY_CONTINUE=1} in the environment the script goes past failed steps and reports all of
 * them. Runs where Debian's Chromium is installed.
 */
@EnabledIf("chromiumInstalled")
class FirstDayBrowserTest {

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"ws", "lp"})
    void tinodeWeb_firstDayOfANewUser_everyStepSeenByThePageAndThePeers(String transport, @TempDir Path data)
            throws Exception {
        Path shots = Path.of("target", "screenshots", "firstday-" + transport).toAbsolutePath();
        NodeScript.Result r;
        try (TinodeServer server = Launcher.start(new Launcher.Options("127.0.0.1:0", null, null, data))) {
            // 127.0.0.1 rather than localhost: TinodeWeb maps 'localhost' to port 6060 whatever the page's port.
            r = NodeScript.run("firstday.mjs", "127.0.0.1:" + server.port(), transport, shots.toString());
        }
        String failedSteps = r.output().lines()
                .filter(l -> l.startsWith("FAIL ") || l.startsWith("     ") && !l.startsWith("       "))
                .collect(Collectors.joining("\n"));
        assertThat(r.exitCode())
                .as("first day over %s:%n%s%n%nfull output:%n%s", transport, failedSteps, r.output())
                .isZero();
        assertThat(r.output()).contains("\"ok\":true");
        assertThat(shots.resolve("16-relogin-state.png")).exists();
    }
}

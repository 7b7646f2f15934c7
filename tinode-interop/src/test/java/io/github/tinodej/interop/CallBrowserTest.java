package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.examples.Launcher;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A video call between two TinodeWeb sessions in headless Chromium with fake camera and microphone
 * ({@code js/calls.mjs}), through the launcher started with a {@code tinode.conf} whose
 * {@code webrtc} section turns calls on: Alice calls Bob from the chat menu, Bob's page rings and he
 * accepts, the browsers exchange offer, answer and ICE candidates through the server and connect
 * (host candidates; the configured STUN server is a local port nobody answers on), Alice hangs up;
 * then Bob declines a second call. Each step checks both pages, the frames they exchanged with the
 * server ({@code {pub}} with {@code head.webrtc:"started"}, the {@code {info what:"call"}} events,
 * the replacement {@code {data}} "accepted", "finished" with its duration, "declined"), what Bob's
 * third session on {@code me} hears, and the stored history.
 *
 * <p>Screenshots of both pages at every step ({@code NN-step-A.png} for Alice, {@code -B} for Bob),
 * {@code frames.log} and {@code failures.json} are kept in {@code target/screenshots/calls}. Runs
 * where Debian's Chromium is installed.
 */
@EnabledIf("chromiumInstalled")
class CallBrowserTest {
    private static final int CALL_TIMEOUT_SECONDS = 20;

    static boolean chromiumInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    @Test
    void tinodeWeb_videoCallAcceptedThenHungUpAndOneDeclined_bothPagesAndTheFramesShowEachState(@TempDir Path dir)
            throws Exception {
        // No STUN or TURN server is reachable here, and two peers on one host need none: TinodeWeb
        // only needs {hi} to carry iceServers to offer calls. Point it at a UDP port nobody serves.
        int unusedPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            unusedPort = probe.getLocalPort();
        }
        String iceServers = "[{\"urls\": [\"stun:127.0.0.1:" + unusedPort + "\"]}]";
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"webrtc\": {\"enabled\": true, \"call_establishment_timeout\": " + CALL_TIMEOUT_SECONDS
                + ", \"ice_servers\": " + iceServers + "}}");
        Path data = Files.createDirectory(dir.resolve("data"));
        Path shots = Path.of("target", "screenshots", "calls").toAbsolutePath();

        NodeScript.Result r;
        try (TinodeServer server = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, data))) {
            // 127.0.0.1 rather than localhost: TinodeWeb maps 'localhost' to port 6060 whatever the page's port.
            r = NodeScript.run("calls.mjs", "127.0.0.1:" + server.port(), shots.toString(), iceServers,
                    String.valueOf(CALL_TIMEOUT_SECONDS));
        }
        String failedSteps = r.output().lines()
                .filter(l -> l.startsWith("FAIL ") || l.startsWith("     ") && !l.startsWith("       "))
                .collect(Collectors.joining("\n"));
        assertThat(r.exitCode()).as("calls:%n%s%n%nfull output:%n%s", failedSteps, r.output()).isZero();
        assertThat(r.output()).contains("\"ok\":true");
        assertThat(shots.resolve("07-hang-up-A.png")).exists();
        assertThat(shots.resolve("08-decline-B.png")).exists();
    }
}

package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "running it in production": {@code java -jar tinode.jar} on an H2 data folder gets
 * SIGTERM while twenty WebSocket clients (ten users, each on a shared group and on a p2p topic)
 * and two long-polling ones publish flat out. Every client's WebSocket must end with close code
 * 1001 (going away), every long-polling session with the {@code {ctrl 205}} notice, the
 * process must exit within its budget with the JVM's status after shutdown hooks, and after a
 * restart on the same folder every message acknowledged with {@code {ctrl 202}} must read back
 * under its seq with {@code {get data}}.
 */
class SigtermCrowdTest {
    private static final int USERS = 10;
    /** Long-polling publishers on top of the twenty WebSockets. */
    private static final int LONG_POLLS = 2;
    /** 5 s grace for notices and pools, at most 2 s for close frames, then the JVM's own exit. */
    private static final long EXIT_BUDGET_MS = 12_000;

    @Test
    void sigtermUnderLoad_twentyClientsClosedWith1001_noAcknowledgedLoss(@TempDir Path data) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, "{" + CrashDurabilityTest.NO_RATE_LIMITS + "}");
        WireLoad load;
        long exitMs;
        int status;
        try (LauncherProcess server = new LauncherProcess(data, conf)) {
            load = WireLoad.crowd(server.port, USERS, LONG_POLLS);
            load.start();
            // Mid-traffic: well after every publisher got going, long before anyone is done.
            load.awaitAcks(40 * load.publisherCount(), Duration.ofSeconds(90));
            server.sigterm();
            exitMs = server.awaitExit();
            status = server.exitValue();
            load.awaitEnd(Duration.ofSeconds(15));
        }
        List<Integer> closeCodes = load.closeCodes();
        List<String> longPollEnds = load.longPollEnds();
        try (LauncherProcess again = new LauncherProcess(data, conf)) {
            Map<String, Map<Integer, String>> stored = load.readBack(again.port);
            WireLoad.Check check = load.check(stored);
            System.out.println("SIGTERM crowd (H2): " + check.summary() + "; close codes " + closeCodes + "; long polls " + longPollEnds + "; exited "
                    + exitMs + " ms after SIGTERM (status " + status + ")");
            assertThat(closeCodes).as("every client's close code").hasSize(2 * USERS)
                    .allSatisfy(c -> assertThat(c).isEqualTo(1001));
            // Long polling has no close frame: the notice is the last frame, then the session is gone
            // (403, or no answer once the process has exited).
            assertThat(longPollEnds).as("long-polling sessions").hasSize(LONG_POLLS)
                    .allSatisfy(e -> assertThat(e).matches("205, then (403|-1)"));
            for (int i = 0; i < LONG_POLLS; i++) {
                assertThat(load.acknowledged("p2p-lp-" + i)).as("acks on long-polling topic " + i).isPositive();
            }
            assertThat(exitMs).as("exit after SIGTERM").isLessThan(EXIT_BUDGET_MS);
            // 143 = 128 + SIGTERM: the JVM's status once its shutdown hooks ran.
            assertThat(status).isIn(0, 143);
            assertThat(check.ackedGroup()).isPositive();
            assertThat(check.ackedP2p()).isPositive();
            assertThat(check.lost()).as("acknowledged, then missing or changed after the restart").isZero();
            assertThat(check.duplicateAcks()).as("one seq acknowledged twice").isZero();
            assertThat(check.gaps()).as("seq gaps").isZero();
        }
    }
}

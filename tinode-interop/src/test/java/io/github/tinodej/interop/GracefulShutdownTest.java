package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FT-10: SIGTERM reaches the launcher while four connections publish. The server stops taking
 * sessions, finishes the writes in flight (every acknowledged message is there after a restart),
 * tells each client {@code {ctrl 205 "server shutdown"}} before closing its WebSocket, and the
 * process exits within its budget.
 */
class GracefulShutdownTest {
    /**
     * The launcher stops with a 5 s grace for the notices and the worker pools and at most 2 s to
     * close sockets; a calm box needs well under a second.
     */
    private static final long EXIT_BUDGET_MS = 12_000;

    @Test
    void sigtermWhilePublishing_noticeThenClose_ackedMessagesKept_exitsWithinBudget(@TempDir Path data) throws Exception {
        WireLoad load;
        long exitMs;
        int status;
        String latecomer;
        try (LauncherProcess server = new LauncherProcess(data, noRateLimits(data))) {
            load = WireLoad.groupAndP2p(server.port);
            load.start();
            load.awaitAcks(200, Duration.ofSeconds(60));
            server.sigterm();
            load.awaitShutdownNotice(Duration.ofSeconds(15));
            latecomer = connectAfterNotice(server.port);
            exitMs = server.awaitExit();
            status = server.exitValue();
            load.awaitEnd(Duration.ofSeconds(15));
        }
        List<String> notices = load.shutdownNotices();
        List<Integer> closeCodes = load.closeCodes();
        try (LauncherProcess again = new LauncherProcess(data, noRateLimits(data))) {
            Map<String, Map<Integer, String>> stored = load.readBack(again.port);
            WireLoad.Check check = load.check(stored);
            System.out.println("FT-10 H2 SIGTERM under load: " + check.summary() + "; 205 notices " + notices.size()
                    + "/4, close codes " + closeCodes + ", new connection after the notice: " + latecomer
                    + "; exited " + exitMs + " ms after SIGTERM (status " + status + ", budget " + EXIT_BUDGET_MS + " ms)");
            assertThat(check.lost()).as("acknowledged but missing after the restart").isZero();
            assertThat(check.duplicateAcks()).isZero();
            assertThat(check.gaps()).isZero();
            assertThat(notices).as("publishers told of the shutdown").hasSize(4);
            // Our close after the notice is a normal closure; what matters is that the close
            // frame arrives (-1 would be a connection dropped without one).
            assertThat(closeCodes).as("WebSocket close codes: going away").allSatisfy(c -> assertThat(c).isEqualTo(1001));
            assertThat(latecomer).isNotEqualTo("session");
            assertThat(exitMs).as("exit after SIGTERM").isLessThan(EXIT_BUDGET_MS);
            // 143 is 128 + SIGTERM: the JVM's status after running its shutdown hooks.
            assertThat(status).isIn(0, 143);
        }
    }

    /** What a client connecting once the shutdown was announced gets: never a working session. */
    private static String connectAfterNotice(int port) {
        WireClient c;
        try {
            c = new WireClient(port);
        } catch (Exception e) {
            return "refused";
        }
        try (c) {
            c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            JsonObject ctrl = c.next("ctrl");
            int code = ctrl.get("code").getAsInt();
            return code == 205 ? "205 then closed" : code == 201 ? "session" : "ctrl " + code;
        } catch (Throwable e) {
            return "closed without an answer";
        }
    }

    private static Path noRateLimits(Path data) throws java.io.IOException {
        Path conf = data.resolve("tinode.conf");
        java.nio.file.Files.writeString(conf, "{" + CrashDurabilityTest.NO_RATE_LIMITS + "}");
        return conf;
    }
}

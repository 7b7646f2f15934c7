package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * FT-04, durable before ack: the server JVM is killed with SIGKILL while four connections publish
 * to a group and a p2p topic; after a restart every message that got a 202 is there under its
 * seq with its content, no seq was acknowledged twice, each topic's seqs are gap-free, and a new
 * message in each topic gets the seq after the last one stored.
 */
class CrashDurabilityTest {
    /** Acks before the kill: seconds of load with many group commits, little enough for CI. */
    private static final int ACKS_BEFORE_KILL = 1000;

    @Test
    void sigkillWhilePublishing_everyAckedMessageSurvives_h2File(@TempDir Path data) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, "{" + NO_RATE_LIMITS + "}");
        run("FT-04 H2 file (launcher default)", data, conf);
    }

    /** The publishers are load generators, far over any person's rate: the limits would refuse them. */
    static final String NO_RATE_LIMITS = "\"rate_limits\":{\"enabled\":false}";

    @Test
    @EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
    void sigkillWhilePublishing_everyAckedMessageSurvives_mariaDb(@TempDir Path data) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, "{" + NO_RATE_LIMITS + ",\"store_config\":{\"use_adapter\":\"mysql\",\"adapters\":{\"mysql\":{\"url\":\""
                + System.getenv("TINODEJ_TEST_MYSQL_URL") + "\"}}}}");
        run("FT-04 MariaDB", data, conf);
    }

    private void run(String label, Path data, Path conf) throws Exception {
        WireLoad load;
        long loadMs;
        try (LauncherProcess server = new LauncherProcess(data, conf)) {
            load = WireLoad.groupAndP2p(server.port);
            long t0 = System.nanoTime();
            load.start();
            load.awaitAcks(ACKS_BEFORE_KILL, Duration.ofSeconds(60));
            loadMs = (System.nanoTime() - t0) / 1_000_000;
            // Pull the plug mid-stream: no shutdown hook, no flush.
            server.kill();
            load.awaitEnd(Duration.ofSeconds(15));
        }
        long restart = System.nanoTime();
        try (LauncherProcess again = new LauncherProcess(data, conf)) {
            long restartMs = (System.nanoTime() - restart) / 1_000_000;
            Map<String, Map<Integer, String>> stored = load.readBack(again.port);
            WireLoad.Check check = load.check(stored);
            System.out.println(label + ": " + check.summary() + "; killed after " + loadMs + " ms of load, restart took "
                    + restartMs + " ms");
            assertThat(check.acked()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
            assertThat(check.ackedGroup()).isPositive();
            assertThat(check.ackedP2p()).isPositive();
            assertThat(check.lost()).as("acknowledged but missing or changed after the crash").isZero();
            assertThat(check.duplicateAcks()).as("one seq acknowledged twice").isZero();
            assertThat(check.gaps()).as("seq gaps").isZero();
            // The topics' seq is written behind the messages: recovered from the message log, a new
            // message follows the last one stored.
            Map<String, Integer> next = load.publishOnceMore(again.port);
            for (Map.Entry<String, Map<Integer, String>> t : stored.entrySet()) {
                int last = t.getValue().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
                assertThat(next.get(t.getKey())).as("seq of a new message in " + t.getKey()).isEqualTo(last + 1);
            }
        }
    }
}

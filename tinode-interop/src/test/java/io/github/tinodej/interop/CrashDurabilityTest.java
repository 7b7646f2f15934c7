package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable before ack: the server is killed with SIGKILL while clients publish; after a restart
 * every message that got a 202 is there with its content and seq.
 */
class CrashDurabilityTest {
    private static final int PUBLISHERS = 3;

    @Test
    void sigkillWhilePublishing_everyAckedMessageSurvives_h2File(@TempDir Path data) throws Exception {
        run(data, null);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
    void sigkillWhilePublishing_everyAckedMessageSurvives_mariaDb(@TempDir Path data) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, "{\"store_config\":{\"use_adapter\":\"mysql\",\"adapters\":{\"mysql\":{\"url\":\""
                + System.getenv("TINODEJ_TEST_MYSQL_URL") + "\"}}}}");
        run(data, conf);
    }

    private void run(Path data, Path conf) throws Exception {
        String topic;
        String token;
        Map<Integer, String> acked = new ConcurrentHashMap<>();
        try (LauncherProcess server = new LauncherProcess(data, conf)) {
            WireClient owner = new WireClient(server.port);
            owner.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            owner.next("ctrl");
            String login = "crash" + Long.toString(System.nanoTime(), 36);
            owner.send("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"login\":true,\"secret\":\""
                    + Base64.getEncoder().encodeToString((login + ":" + login).getBytes()) + "\"}}");
            token = owner.next("ctrl").getAsJsonObject("params").get("token").getAsString();
            owner.send("{\"sub\":{\"id\":\"3\",\"topic\":\"new\"}}");
            topic = owner.next("ctrl").get("topic").getAsString();
            owner.close();

            AtomicBoolean stop = new AtomicBoolean();
            Thread[] publishers = new Thread[PUBLISHERS];
            for (int p = 0; p < PUBLISHERS; p++) {
                int pid = p;
                WireClient c = new WireClient(server.port);
                c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
                c.next("ctrl");
                c.send("{\"login\":{\"id\":\"2\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
                c.next("ctrl");
                c.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + topic + "\"}}");
                c.next("ctrl");
                publishers[p] = new Thread(() -> {
                    int i = 0;
                    try {
                        while (!stop.get()) {
                            String content = "p" + pid + "-m" + i;
                            c.send("{\"pub\":{\"id\":\"" + content + "\",\"topic\":\"" + topic
                                    + "\",\"noecho\":true,\"content\":\"" + content + "\"}}");
                            JsonObject ctrl = c.next("ctrl");
                            if (ctrl.get("code").getAsInt() == 202) {
                                acked.put(ctrl.getAsJsonObject("params").get("seq").getAsInt(), ctrl.get("id").getAsString());
                            }
                            i++;
                        }
                    } catch (Throwable e) {
                        // The server died under us: expected.
                    }
                });
                publishers[p].start();
            }
            // Let some messages through, then pull the plug mid-stream.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (acked.size() < 150 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            server.kill();
            stop.set(true);
            for (Thread t : publishers) {
                t.join(20_000);
            }
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(150);

        try (LauncherProcess again = new LauncherProcess(data, conf)) {
            WireClient c = new WireClient(again.port);
            c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            c.next("ctrl");
            c.send("{\"login\":{\"id\":\"2\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
            assertThat(c.next("ctrl").get("code").getAsInt()).isEqualTo(200);
            c.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + topic + "\"}}");
            c.next("ctrl");
            Map<Integer, String> stored = new ConcurrentHashMap<>();
            int before = 0;
            while (true) {
                c.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + topic + "\",\"what\":\"data\",\"data\":{"
                        + (before > 0 ? "\"before\":" + before + "," : "") + "\"limit\":100}}}");
                int got = 0;
                while (true) {
                    JsonObject f = c.poll(15_000);
                    if (f == null) {
                        throw new AssertionError("history page did not finish");
                    }
                    if (f.has("data")) {
                        JsonObject d = f.getAsJsonObject("data");
                        stored.put(d.get("seq").getAsInt(), d.get("content").getAsString());
                        before = d.get("seq").getAsInt();
                        got++;
                    } else if (f.has("ctrl")) {
                        break;
                    }
                }
                if (got < 100) {
                    break;
                }
            }
            c.close();
            assertThat(stored).containsAllEntriesOf(acked);
            // Seqs stay gap-free across the crash.
            int max = stored.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            assertThat(stored).hasSize(max);
        }
    }
}

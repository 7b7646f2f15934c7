package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.transport.LocalTransport;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-process plugin example: masking, refusing and counting group messages. */
class ModerationPluginTest {

    @Test
    void groupMessages_maskedRefusedAndCounted_p2pUntouched() throws Exception {
        ModerationPlugin plugin = new ModerationPlugin(Set.of("darn"), Set.of("spam.example"));
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().transport(local).plugin(plugin).build().start();
                TestClient a = new TestClient(local);
                TestClient b = new TestClient(local)) {
            a.hi();
            a.createBasic("alice", "alice-secret");
            b.hi();
            b.createBasic("bobby", "bobby-secret");
            String grp = a.request("sub", TestClient.json("{\"id\":\"g\",\"topic\":\"new\"}")).get("topic").getAsString();
            b.request("sub", TestClient.json("{\"id\":\"j\",\"topic\":\"" + grp + "\"}"));

            a.send("{\"pub\":{\"id\":\"1\",\"topic\":\"" + grp + "\",\"content\":\"Darn, the build broke\"}}");
            assertThat(a.ctrlFor("1").get("code").getAsInt()).isEqualTo(202);
            assertThat(data(b).get("content").getAsString()).isEqualTo("****, the build broke");

            a.send("{\"pub\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"content\":{\"txt\":\"darn it\",\"fmt\":[{\"at\":0,\"len\":4,\"tp\":\"ST\"}]}}}");
            assertThat(a.ctrlFor("2").get("code").getAsInt()).isEqualTo(202);
            JsonObject drafty = data(b).getAsJsonObject("content");
            assertThat(drafty.get("txt").getAsString()).isEqualTo("**** it");
            assertThat(drafty.getAsJsonArray("fmt")).hasSize(1);

            a.send("{\"pub\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"content\":\"see https://spam.example/deal\"}}");
            JsonObject refused = a.ctrlFor("3");
            assertThat(refused.get("code").getAsInt()).isEqualTo(403);
            assertThat(refused.get("text").getAsString()).isEqualTo("link to a banned site");

            // p2p is outside the plugin's filters.
            a.send("{\"sub\":{\"id\":\"4\",\"topic\":\"" + b.userId() + "\"}}");
            a.ctrlFor("4");
            a.send("{\"pub\":{\"id\":\"5\",\"topic\":\"" + b.userId() + "\",\"content\":\"darn\"}}");
            assertThat(a.ctrlFor("5").get("code").getAsInt()).isEqualTo(202);

            // The hook runs on the plugins' own thread: poll until it has seen both, 10 s at most.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (plugin.published(grp) < 2 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            assertThat(plugin.published(grp)).isEqualTo(2);
        }
    }

    private static JsonObject data(TestClient c) {
        while (true) {
            JsonObject f = c.next();
            if (f.has("data")) {
                return f.getAsJsonObject("data");
            }
        }
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TinodeServer#stop(Duration, java.util.function.Consumer)} reports one line per step, in order. */
class StopStepsTest {

    @Test
    void stop_reportsEachStep_inOrder_andOnlyOnce() {
        MemoryStore store = new MemoryStore();
        LocalTransport local = new LocalTransport();
        TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
        TestClient c = new TestClient(local);
        c.hi();
        List<String> steps = new ArrayList<>();
        server.stop(Duration.ofSeconds(2), steps::add);
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).startsWith("shutdown: new requests refused, clients told");
        assertThat(steps.get(1)).startsWith("shutdown: transport LocalTransport stopped");
        assertThat(steps.get(2)).startsWith("shutdown: sessions and topics stopped");
        assertThat(steps.get(3)).startsWith("shutdown: closed MemoryStore");
        assertThat(steps).allMatch(s -> s.matches(".* \\(\\d+ ms\\)$"));
        // The client heard it.
        assertThat(c.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(205);
        List<String> again = new ArrayList<>();
        server.stop(Duration.ofSeconds(2), again::add);
        assertThat(again).isEmpty();
        c.close();
    }
}

package io.github.tinodej.cluster.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node that sees fewer members than the majority of those configured refuses to serve. */
class ClusterMinorityTest {

    @Test
    void aloneOfThree_answers502ClusterUnreachable() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            addresses.add("127.0.0.1:" + io.github.tinodej.testing.FreePorts.below());
        }
        LocalTransport local = new LocalTransport();
        HazelcastCluster cluster = HazelcastCluster.builder().nodeName("lonely").listen(addresses.get(0))
                .members(addresses).clusterName("tj-minority-" + addresses.get(0)).build();
        try (TinodeServer server = TestServers.builder().transport(local).cluster(cluster).build().start();
                TestClient c = new TestClient(local)) {
            c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            JsonObject ctrl = c.ctrl();
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(502);
            assertThat(ctrl.get("text").getAsString()).isEqualTo("cluster unreachable");
            assertThat(ctrl.get("id").getAsString()).isEqualTo("1");
        }
    }

    @Test
    void builder_rejectsBadSettings_namingThem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HazelcastCluster.builder().listen("nohost"))
                .hasMessageContaining("listen");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HazelcastCluster.builder().minMembers(0))
                .hasMessageContaining("minMembers");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HazelcastCluster.builder().members(List.of()))
                .hasMessageContaining("members");
    }
}

package io.github.tinodej.cluster.hazelcast;

import io.github.tinodej.api.ApiSignatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tinode-cluster-hazelcast's public API is what api/tinode-cluster-hazelcast.api says: no unplanned change. */
class HazelcastApiTest {
    @Test
    void publicApi_unchanged() throws Exception {
        ApiSignatures.check(Path.of("target/classes"), Path.of("api/tinode-cluster-hazelcast.api"));
    }
}

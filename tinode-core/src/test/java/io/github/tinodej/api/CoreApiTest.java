package io.github.tinodej.api;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tinode-core's public API is what api/tinode-core.api says: no unplanned change. */
class CoreApiTest {
    @Test
    void publicApi_unchanged() throws Exception {
        ApiSignatures.check(Path.of("target/classes"), Path.of("api/tinode-core.api"));
    }
}

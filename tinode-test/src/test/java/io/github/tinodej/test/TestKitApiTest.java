package io.github.tinodej.test;

import io.github.tinodej.api.ApiSignatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tinode-test's public API is what api/tinode-test.api says: no unplanned change. */
class TestKitApiTest {
    @Test
    void publicApi_unchanged() throws Exception {
        ApiSignatures.check(Path.of("target/classes"), Path.of("api/tinode-test.api"));
    }
}

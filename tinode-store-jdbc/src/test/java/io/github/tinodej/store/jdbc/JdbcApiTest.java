package io.github.tinodej.store.jdbc;

import io.github.tinodej.api.ApiSignatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tinode-store-jdbc's public API is what api/tinode-store-jdbc.api says: no unplanned change. */
class JdbcApiTest {
    @Test
    void publicApi_unchanged() throws Exception {
        ApiSignatures.check(Path.of("target/classes"), Path.of("api/tinode-store-jdbc.api"));
    }
}

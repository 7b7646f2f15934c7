package io.github.tinodej.transport.undertow;

import io.github.tinodej.api.ApiSignatures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tinode-transport-undertow's public API is what api/tinode-transport-undertow.api says: no unplanned change. */
class UndertowApiTest {
    @Test
    void publicApi_unchanged() throws Exception {
        ApiSignatures.check(Path.of("target/classes"), Path.of("api/tinode-transport-undertow.api"));
    }
}

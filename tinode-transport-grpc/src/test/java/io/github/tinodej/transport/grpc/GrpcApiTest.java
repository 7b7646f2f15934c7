package io.github.tinodej.transport.grpc;

import io.github.tinodej.api.ApiSignatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tinode-transport-grpc's hand-written public API is what api/tinode-transport-grpc.api says. The
 * classes protoc generates into {@code .pbx} are left out: model.proto, which must stay
 * wire-identical with Tinode's, is their contract.
 */
class GrpcApiTest {
    @Test
    void publicApi_unchanged(@TempDir Path dir) throws Exception {
        Path pkg = Path.of("io/github/tinodej/transport/grpc");
        Path from = Path.of("target/classes").resolve(pkg);
        Path to = Files.createDirectories(dir.resolve(pkg));
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        ApiSignatures.check(dir, Path.of("api/tinode-transport-grpc.api"));
    }
}

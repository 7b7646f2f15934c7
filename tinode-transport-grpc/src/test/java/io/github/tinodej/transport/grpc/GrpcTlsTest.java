package io.github.tinodej.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestServers;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** gRPC over TLS from the PEM files of Tinode's tls section (test certificate for localhost/127.0.0.1). */
class GrpcTlsTest {
    private static final Path DIR = Path.of("src/test/resources/tls");

    @Test
    void pemCertificateAndKey_clientTrustingIt_hiAnswered() throws Exception {
        GrpcTransport grpc = GrpcTransport.builder().host("127.0.0.1").port(0)
                .tls(DIR.resolve("cert.pem"), DIR.resolve("key-pkcs8.pem")).keepalive(true).build();
        try (TinodeServer server = TestServers.builder().transport(grpc).build().start()) {
            ChannelCredentials trust = TlsChannelCredentials.newBuilder().trustManager(DIR.resolve("cert.pem").toFile()).build();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpc.port(), trust).build();
            try (GrpcClient c = new GrpcClient(channel)) {
                c.send(GrpcSessionTest.hi("h1"));
                assertThat(c.ctrl("h1").getCode()).isEqualTo(201);
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void unreadableKeyFile_refusedWhenBuilding() {
        assertThatThrownBy(() -> GrpcTransport.builder().tls(DIR.resolve("cert.pem"), DIR.resolve("missing.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> GrpcTransport.builder().listen("localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grpc_listen");
    }

    @Test
    void listen_goStyleAddresses() {
        assertThat(GrpcTransport.builder().listen(":0").build().port()).isEqualTo(-1);
        assertThatThrownBy(() -> GrpcTransport.builder().listen("h:70000")).isInstanceOf(IllegalArgumentException.class);
    }
}

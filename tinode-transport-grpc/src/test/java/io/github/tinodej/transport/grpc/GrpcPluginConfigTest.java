package io.github.tinodej.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.plugin.Crud;
import io.github.tinodej.transport.grpc.pbx.ClientReq;
import io.github.tinodej.transport.grpc.pbx.PluginGrpc;
import io.github.tinodej.transport.grpc.pbx.RespCode;
import io.github.tinodej.transport.grpc.pbx.ServerResp;
import io.github.tinodej.plugin.FireHose;
import io.github.tinodej.plugin.PluginSession;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tinode's {@code plugins} entries read into {@link GrpcPluginConfig} and {@link GrpcPlugin}. */
class GrpcPluginConfigTest {

    @Test
    void entry_readAsTinodeReadsIt() {
        GrpcPluginConfig c = GrpcPluginConfig.parse("""
                {"enabled": true, "name": "bot", "timeout": 20000,
                 "filters": {"fire_hose": "pub;grp", "account": "C", "topic": null, "message": "C", "find": true},
                 "failure_code": 503, "failure_text": "down", "service_addr": "tcp://localhost:40051"}""");
        assertThat(c.name()).isEqualTo("bot");
        // Microseconds.
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.failureCode()).isEqualTo(503);
        assertThat(c.failureText()).isEqualTo("down");
        assertThat(c.filters().fireHose("pub", "grpAbc")).isTrue();
        assertThat(c.filters().fireHose("pub", "usrAbc")).isFalse();
        assertThat(c.filters().account(Crud.CREATE)).isTrue();
        assertThat(c.filters().account(Crud.UPDATE)).isFalse();
        assertThat(c.filters().topic(Crud.CREATE, "grpAbc")).isFalse();
        assertThat(c.filters().find()).isTrue();

        try (GrpcPlugin p = new GrpcPlugin(c)) {
            assertThat(p.failureCode()).isEqualTo(503);
            assertThat(p.failureText()).isEqualTo("down");
            assertThat(p.name()).isEqualTo("bot");
            p.close();
            assertThat(p.isShutdown()).isTrue();
        }
    }

    @Test
    void list_skipsDisabled_refusesDuplicates() {
        List<GrpcPlugin> plugins = GrpcPlugin.listFromJson("""
                [{"enabled": false, "name": "a", "service_addr": "nonsense"},
                 {"enabled": true, "name": "a", "service_addr": "tcp://127.0.0.1:1"},
                 {"name": "a"}]""");
        assertThat(plugins).extracting(GrpcPlugin::name).containsExactly("a");
        plugins.forEach(GrpcPlugin::close);
        assertThat(GrpcPlugin.listFromJson(null)).isEmpty();

        assertThatThrownBy(() -> GrpcPlugin.listFromJson("""
                [{"enabled": true, "name": "a", "service_addr": "tcp://127.0.0.1:1"},
                 {"enabled": true, "name": "a", "service_addr": "tcp://127.0.0.1:2"}]"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate name 'a'");
    }

    @Test
    void badAddresses_refused() {
        assertThatThrownBy(() -> GrpcPlugin.fromJson("{\"enabled\":true,\"name\":\"x\",\"service_addr\":\"localhost:1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid server address");
        assertThatThrownBy(() -> GrpcPlugin.fromJson("{\"enabled\":true,\"name\":\"x\",\"service_addr\":\"udp://h:1\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported network 'udp'");
    }

    @Test
    void unixSocket_reachesThePlugin(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "domain sockets need epoll (Linux)");
        Path sock = dir.resolve("plugin.sock");
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(sock.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group)
                .addService(new PluginGrpc.PluginImplBase() {
                    @Override
                    public void fireHose(ClientReq request, StreamObserver<ServerResp> out) {
                        out.onNext(ServerResp.newBuilder().setStatus(RespCode.DROP).build());
                        out.onCompleted();
                    }
                }).build().start();
        try (GrpcPlugin p = GrpcPlugin.fromJson("{\"enabled\":true,\"name\":\"u\",\"timeout\":5000000,"
                + "\"service_addr\":\"unix://" + sock + "\"}")) {
            assertThat(Files.exists(sock)).isTrue();
            FireHose verdict = p.fireHose(new PluginSession("s1", "usrA", "AUTH", "", "", "", ""),
                    "{\"pub\":{\"id\":\"1\",\"topic\":\"grpX\",\"content\":\"x\"}}");
            assertThat(verdict.verdict()).isEqualTo(FireHose.Verdict.DROP);
        } finally {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }
}

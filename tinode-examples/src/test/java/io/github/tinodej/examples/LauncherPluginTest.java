package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.transport.grpc.pbx.ClientReq;
import io.github.tinodej.transport.grpc.pbx.PluginGrpc;
import io.github.tinodej.transport.grpc.pbx.RespCode;
import io.github.tinodej.transport.grpc.pbx.ServerCtrl;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.github.tinodej.transport.grpc.pbx.ServerResp;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tinode's {@code plugins} section in tinode.conf: the launcher connects each enabled entry's plugin server. */
class LauncherPluginTest {

    @Test
    void pluginsEntry_firehoseCalled_itsAnswerReachesTheClient(@TempDir Path dir) throws Exception {
        BlockingQueue<ClientReq> seen = new LinkedBlockingQueue<>();
        Server stub = ServerBuilder.forPort(0).addService(new PluginGrpc.PluginImplBase() {
            @Override
            public void fireHose(ClientReq request, StreamObserver<ServerResp> out) {
                seen.add(request);
                out.onNext(ServerResp.newBuilder().setStatus(RespCode.RESPOND).setSrvmsg(ServerMsg.newBuilder()
                        .setCtrl(ServerCtrl.newBuilder().setId(request.getMsg().getHi().getId()).setCode(418)
                                .setText("the plugin says hi"))).build());
                out.onCompleted();
            }
        }).build().start();
        try {
            Path conf = dir.resolve("tinode.conf");
            Files.writeString(conf, """
                    {"grpc_listen": "127.0.0.1:0",
                     "plugins": [
                       {"enabled": false, "name": "off", "service_addr": "tcp://127.0.0.1:1"},
                       {"enabled": true, "name": "greeter", "timeout": 5000000, "filters": {"fire_hose": "hi"},
                        "failure_code": 0, "failure_text": null, "service_addr": "tcp://127.0.0.1:%d"}]}
                    """.formatted(stub.getPort()));
            try (LauncherGrpcTest.PortLog log = new LauncherGrpcTest.PortLog();
                    TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
                assertThat(LauncherGrpcTest.hello(log.port.get(10, TimeUnit.SECONDS))).isEqualTo(418);
                ClientReq req = seen.poll(10, TimeUnit.SECONDS);
                assertThat(req).isNotNull();
                assertThat(req.getMsg().getHi().getVer()).isEqualTo("0.25");
                assertThat(req.getSess().getSessionId()).isNotEmpty();
            }
        } finally {
            stub.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void duplicateNames_refusedAtStart(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"plugins": [{"enabled": true, "name": "a", "service_addr": "tcp://127.0.0.1:1"},
                             {"enabled": true, "name": "a", "service_addr": "tcp://127.0.0.1:2"}]}
                """);
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("duplicate name 'a'");
    }
}

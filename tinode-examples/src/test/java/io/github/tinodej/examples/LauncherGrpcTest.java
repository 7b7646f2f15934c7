package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.transport.grpc.pbx.ClientHi;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.NodeGrpc;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grpc_listen in tinode.conf and --grpc_listen: the launcher serves Tinode's gRPC API next to HTTP. */
class LauncherGrpcTest {
    private static final Pattern PORT = Pattern.compile("gRPC listening on port (\\d+)");

    /** The gRPC port the launcher logs while starting. */
    static final class PortLog extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(Launcher.class.getName());
        final CompletableFuture<Integer> port = new CompletableFuture<>();

        PortLog() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            Matcher m = PORT.matcher(new java.util.logging.SimpleFormatter().formatMessage(r));
            if (m.find()) {
                port.complete(Integer.parseInt(m.group(1)));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    static int hello(int port) throws Exception {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            CompletableFuture<ServerMsg> first = new CompletableFuture<>();
            StreamObserver<ClientMsg> out = NodeGrpc.newStub(ch).messageLoop(new StreamObserver<>() {
                @Override
                public void onNext(ServerMsg m) {
                    first.complete(m);
                }

                @Override
                public void onError(Throwable t) {
                    first.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                }
            });
            out.onNext(ClientMsg.newBuilder().setHi(ClientHi.newBuilder().setId("1").setVer("0.25")).build());
            int code = first.get(10, TimeUnit.SECONDS).getCtrl().getCode();
            out.onCompleted();
            return code;
        } finally {
            ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcListenInConfig_servesGrpc(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"grpc_listen\": \"127.0.0.1:0\", \"grpc_keepalive_enabled\": true}");
        try (PortLog log = new PortLog();
                TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            int port = log.port.get(10, TimeUnit.SECONDS);
            assertThat(port).isPositive().isNotEqualTo(s.port());
            assertThat(hello(port)).isEqualTo(201);
        }
    }

    @Test
    void grpcListenFlag_overridesConfig_blankMeansNone(@TempDir Path dir) throws Exception {
        try (PortLog log = new PortLog();
                TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", null, null, dir, null, "127.0.0.1:0"))) {
            assertThat(hello(log.port.get(10, TimeUnit.SECONDS))).isEqualTo(201);
        }
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"grpc_listen\": \"127.0.0.1:0\"}");
        try (PortLog log = new PortLog();
                TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir, null, ""))) {
            assertThat(log.port).isNotDone();
        }
    }

    @Test
    void badGrpcListen_refusedAtStart(@TempDir Path dir) {
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", null, null, dir, null, "nohost")))
                .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("grpc_listen");
    }
}

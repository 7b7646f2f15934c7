package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.GrpcClient.json;
import static io.github.tinodej.transport.grpc.GrpcClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.server.Limits;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.grpc.pbx.ClientDel;
import io.github.tinodej.transport.grpc.pbx.ClientLogin;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientPub;
import io.github.tinodej.transport.grpc.pbx.ServerCtrl;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Oversized messages (IN-03) and tokens of deleted accounts (AZ-07) over gRPC. */
class GrpcReliabilityTest {
    private TinodeServer server;
    private GrpcTransport grpc;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        grpc = GrpcTransport.builder().host("127.0.0.1").port(0).build();
        server = TestServers.builder().transport(grpc).limits(Limits.STOCK.withMaxMessageSize(8192)).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void messageOverMaxMessageSize_streamEndsResourceExhausted_othersUnaffected() throws Exception {
        try (GrpcClient big = new GrpcClient(channel)) {
            big.send(GrpcSessionTest.hi("h1"));
            assertThat(big.ctrl("h1").getCode()).isEqualTo(201);
            big.send(ClientMsg.newBuilder().setPub(ClientPub.newBuilder().setId("p1").setTopic("me")
                    .setContent(json("\"" + "x".repeat(10_000) + "\""))).build());
            Throwable end = big.ended.get(10, TimeUnit.SECONDS);
            assertThat(Status.fromThrowable(end).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(Status.fromThrowable(end).getDescription()).contains("max_message_size");
        }
        try (GrpcClient other = new GrpcClient(channel)) {
            other.send(GrpcSessionTest.hi("h1"));
            assertThat(other.ctrl("h1").getCode()).isEqualTo(201);
        }
    }

    private static ClientMsg tokenLogin(String id, byte[] token) {
        return ClientMsg.newBuilder().setLogin(ClientLogin.newBuilder().setId(id).setScheme("token")
                .setSecret(ByteString.copyFrom(token))).build();
    }

    @Test
    void tokenLogin_worksUntilTheAccountIsDeleted() throws Exception {
        byte[] token;
        String uid;
        try (GrpcClient c = new GrpcClient(channel)) {
            uid = GrpcSessionTest.signUp(c, "carol", "Carol");
        }
        try (GrpcClient c = new GrpcClient(channel)) {
            c.send(GrpcSessionTest.hi("h1"));
            c.ctrl("h1");
            c.send(GrpcSessionTest.login("l2", "carol", "carol123"));
            ServerCtrl in = c.ctrl("l2");
            // The JSON token is base64 text; in proto bytes it travels raw, as tn-cli decodes it.
            token = Base64.getDecoder().decode(text(in.getParamsOrThrow("token")).replace("\"", ""));
        }
        try (GrpcClient c = new GrpcClient(channel)) {
            c.send(GrpcSessionTest.hi("h1"));
            c.ctrl("h1");
            c.send(tokenLogin("t1", token));
            ServerCtrl ok = c.ctrl("t1");
            assertThat(ok.getCode()).isEqualTo(200);
            assertThat(text(ok.getParamsOrThrow("user"))).isEqualTo("\"" + uid + "\"");
            c.send(ClientMsg.newBuilder().setDel(ClientDel.newBuilder().setId("d1").setWhat(ClientDel.What.USER)
                    .setHard(true)).build());
            assertThat(c.ctrl("d1").getCode()).isEqualTo(200);
        }
        try (GrpcClient c = new GrpcClient(channel)) {
            c.send(GrpcSessionTest.hi("h1"));
            c.ctrl("h1");
            c.send(tokenLogin("t2", token));
            assertThat(c.ctrl("t2").getCode()).isIn(403, 404);
        }
    }
}

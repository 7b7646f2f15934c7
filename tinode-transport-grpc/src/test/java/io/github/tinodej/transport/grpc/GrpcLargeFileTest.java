package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.GrpcClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.server.Limits;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.grpc.pbx.Auth;
import io.github.tinodej.transport.grpc.pbx.FileDownReq;
import io.github.tinodej.transport.grpc.pbx.FileDownResp;
import io.github.tinodej.transport.grpc.pbx.FileMeta;
import io.github.tinodej.transport.grpc.pbx.FileUpReq;
import io.github.tinodej.transport.grpc.pbx.FileUpResp;
import io.github.tinodej.transport.grpc.pbx.NodeGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LargeFileReceive / LargeFileServe, as tn-cli's fileupload and filedownload commands use them. */
class GrpcLargeFileTest {
    private static final int MAX = 3 * 1024 * 1024;
    @TempDir
    Path uploads;
    private TinodeServer server;
    private ManagedChannel channel;
    private String token;

    @BeforeEach
    void start() throws Exception {
        GrpcTransport grpc = GrpcTransport.builder().host("127.0.0.1").port(0).build();
        server = TestServers.builder().transport(grpc).media(new FileSystemMediaStore(uploads))
                .limits(Limits.STOCK.withMaxFileUploadSize(MAX)).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext()
                .maxInboundMessageSize(8 * 1024 * 1024).build();
        try (GrpcClient c = new GrpcClient(channel)) {
            GrpcSessionTest.signUp(c, "dave", "Dave");
        }
        try (GrpcClient c = new GrpcClient(channel)) {
            c.send(GrpcSessionTest.hi("h1"));
            c.ctrl("h1");
            c.send(GrpcSessionTest.login("l1", "dave", "dave123"));
            token = text(c.ctrl("l1").getParamsOrThrow("token")).replace("\"", "");
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    private FileUpResp upload(Auth auth, List<byte[]> chunks, String mime) throws Exception {
        CompletableFuture<FileUpResp> reply = new CompletableFuture<>();
        StreamObserver<FileUpReq> out = NodeGrpc.newStub(channel).largeFileReceive(new StreamObserver<>() {
            @Override
            public void onNext(FileUpResp r) {
                reply.complete(r);
            }

            @Override
            public void onError(Throwable t) {
                reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        out.onNext(FileUpReq.newBuilder().setId("u1").setAuth(auth)
                .setMeta(FileMeta.newBuilder().setName("f.bin").setMimeType(mime)).build());
        for (byte[] c : chunks) {
            out.onNext(FileUpReq.newBuilder().setContent(ByteString.copyFrom(c)).build());
        }
        out.onCompleted();
        return reply.get(20, TimeUnit.SECONDS);
    }

    private Auth tokenAuth() {
        return Auth.newBuilder().setScheme("token").setSecret(token).build();
    }

    @Test
    void uploadInChunks_thenDownload_sameBytesAndMeta() throws Exception {
        byte[] a = new byte[1024 * 1024];
        byte[] b = new byte[1024 * 1024 + 17];
        new Random(7).nextBytes(a);
        new Random(8).nextBytes(b);
        FileUpResp up = upload(tokenAuth(), List.of(a, b), "application/x-test");
        assertThat(up.getCode()).as(up.toString()).isEqualTo(200);
        assertThat(up.getId()).isEqualTo("u1");
        assertThat(up.getMeta().getName()).startsWith("/v0/file/s/");
        assertThat(up.getMeta().getSize()).isEqualTo(a.length + b.length);
        assertThat(up.getMeta().getMimeType()).isEqualTo("application/x-test");

        Iterator<FileDownResp> down = NodeGrpc.newBlockingStub(channel).largeFileServe(FileDownReq.newBuilder()
                .setId("d1").setAuth(tokenAuth()).setUri(up.getMeta().getName()).build());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int chunks = 0;
        while (down.hasNext()) {
            FileDownResp r = down.next();
            assertThat(r.getCode()).isEqualTo(200);
            assertThat(r.getMeta().getSize()).isEqualTo(a.length + b.length);
            assertThat(up.getMeta().getName()).endsWith("/" + r.getMeta().getName());
            r.getContent().writeTo(got);
            chunks++;
        }
        assertThat(chunks).isEqualTo(2);
        byte[] whole = got.toByteArray();
        assertThat(whole).hasSize(a.length + b.length);
        assertThat(java.util.Arrays.copyOfRange(whole, 0, a.length)).isEqualTo(a);
        assertThat(java.util.Arrays.copyOfRange(whole, a.length, whole.length)).isEqualTo(b);
    }

    @Test
    void refusals_codesAsHttp() throws Exception {
        FileUpResp noAuth = upload(Auth.getDefaultInstance(), List.of("x".getBytes(StandardCharsets.UTF_8)), "");
        assertThat(noAuth.getCode()).isEqualTo(401);
        FileUpResp badSecret = upload(Auth.newBuilder().setScheme("token").setSecret("%%%").build(), List.of(), "");
        assertThat(badSecret.getCode()).isEqualTo(400);
        FileUpResp tooBig = upload(tokenAuth(), List.of(new byte[MAX], new byte[1]), "");
        assertThat(tooBig.getCode()).isEqualTo(413);
        assertThat(tooBig.getText()).isEqualTo("too large");

        FileDownResp missing = NodeGrpc.newBlockingStub(channel).largeFileServe(FileDownReq.newBuilder()
                .setId("d2").setAuth(tokenAuth()).setUri("/v0/file/s/nosuchfile.jpg").build()).next();
        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(missing.getId()).isEqualTo("d2");
        FileDownResp anonymous = NodeGrpc.newBlockingStub(channel).largeFileServe(FileDownReq.newBuilder()
                .setId("d3").setUri("/v0/file/s/nosuchfile.jpg").build()).next();
        assertThat(anonymous.getCode()).isEqualTo(401);
    }
}

package io.github.tinodej.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.undertow.UndertowTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bench's own WebSocket client against a real server started in-process (for the keepalive
 * tests one pinging every 250 ms and dropping clients silent for 1.5 s, so that keepalive is seen
 * within seconds), and against a scripted peer for what that server never sends (fragments,
 * refused upgrades, a reader slower than the writer).
 */
class NioWsClientTest {
    private static final String HI = "{\"hi\":{\"id\":\"ID\",\"ver\":\"0.25.3\",\"ua\":\"tinodej-bench-test\"}}";
    private static final Duration PING = Duration.ofMillis(250);
    /** Long enough that a loaded CI machine does not starve a session into it. */
    private static final Duration IDLE = Duration.ofMillis(1500);
    private TinodeServer server;
    private NioWsClient client;
    private String host;

    @BeforeEach
    void start() throws Exception {
        client = new NioWsClient(1);
    }

    /** A server with stock keepalive, or pings every {@link #PING} and the {@link #IDLE} timeout. */
    private void startServer(boolean fastKeepalive) throws Exception {
        UndertowTransport.Builder t = UndertowTransport.builder().host("127.0.0.1").port(0);
        if (fastKeepalive) {
            t.pingInterval(PING).idleTimeout(IDLE);
        }
        // No rate limits: like the bench's server, this one takes many sessions from one address.
        server = TestServers.builder().rateLimits(RateLimits.NONE).transport(t.build()).build().start();
        host = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** An anonymous account made on its own session; returns its login token. */
    private String newAccount() throws Exception {
        NioWsConn c = client.open(host);
        try {
            assertThat(c.call(HI).get("code").getAsInt()).isEqualTo(201);
            JsonObject r = c.call("{\"acc\":{\"id\":\"ID\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true,"
                    + "\"desc\":{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"JRWPS\"}}}}");
            assertThat(r.get("code").getAsInt()).isEqualTo(200);
            return r.getAsJsonObject("params").get("token").getAsString();
        } finally {
            c.close();
        }
    }

    @Test
    void concurrentSessions_hiTokenLoginSubMe_allAccepted() throws Exception {
        startServer(false);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tokens.add(newAccount());
        }
        // As S1 does it: several client threads over the one selector thread.
        ExecutorService workers = Executors.newFixedThreadPool(8);
        List<Future<NioWsConn>> sessions = new ArrayList<>();
        for (String token : tokens) {
            sessions.add(workers.submit(() -> {
                NioWsConn c = client.open(host);
                assertThat(c.call(HI).get("code").getAsInt()).isEqualTo(201);
                assertThat(c.call("{\"login\":{\"id\":\"ID\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}")
                        .get("code").getAsInt()).isEqualTo(200);
                assertThat(c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"me\"}}").get("code").getAsInt()).isEqualTo(200);
                return c;
            }));
        }
        List<NioWsConn> open = new ArrayList<>();
        for (Future<NioWsConn> f : sessions) {
            open.add(f.get(60, TimeUnit.SECONDS));
        }
        workers.shutdown();
        open.forEach(NioWsConn::close);
        // A closed session fails a request at once instead of letting it wait for a reply.
        assertThatThrownBy(() -> open.get(0).call(HI)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("closed by the driver");
    }

    @Test
    void framesAbove64KiB_bothWays() throws Exception {
        startServer(false);
        NioWsConn c = client.open(host);
        c.call(HI);
        c.call("{\"acc\":{\"id\":\"ID\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true}}");
        String grp = c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"new\"}}").get("topic").getAsString();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        c.onData(d -> received.add(d.get("content").getAsString()));
        // ~100 KB of three-byte characters (under the server's 128 KiB limit): the 64-bit length
        // out and back, characters cut by reads. Twenty without waiting for the acks.
        List<String> contents = new ArrayList<>();
        List<CompletableFuture<JsonObject>> acks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String content = i + ":" + "€".repeat(33_000);
            contents.add(content);
            acks.add(c.request("{\"pub\":{\"id\":\"ID\",\"topic\":\"" + grp + "\",\"content\":\"" + content + "\"}}"));
        }
        for (CompletableFuture<JsonObject> a : acks) {
            assertThat(a.get(30, TimeUnit.SECONDS).get("code").getAsInt()).isEqualTo(202);
        }
        for (String expected : contents) {
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo(expected);
        }
        c.close();
    }

    @Test
    void serverPings_answered_sessionOutlivesTheIdleTimeout() throws Exception {
        startServer(true);
        NioWsConn c = client.open(host);
        c.call(HI);
        c.call("{\"acc\":{\"id\":\"ID\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true}}");
        assertThat(c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"me\"}}").get("code").getAsInt()).isEqualTo(200);
        long start = System.nanoTime();
        long before = c.pongs();
        // Silent but for pongs for well over the idle timeout: fourteen pings are 3.25-3.5 s.
        long deadline = start + TimeUnit.SECONDS.toNanos(20);
        while (c.pongs() < before + 14 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(c.pongs()).isGreaterThanOrEqualTo(before + 14);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE.multipliedBy(2));
        JsonObject desc = c.call("{\"get\":{\"id\":\"ID\",\"topic\":\"me\",\"what\":\"desc\"}}");
        // A {meta} with the description (a {ctrl} with an error code otherwise).
        assertThat(desc.has("desc")).as(desc.toString()).isTrue();
        c.close();
    }

    @Test
    void control_aClientThatIgnoresPings_isDroppedByThisServer() throws Exception {
        startServer(true);
        // Without this the test above would pass against a server that never drops anyone.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /v0/channels?apikey=" + WireConn.KEY + " HTTP/1.1\r\nHost: " + host
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            long start = System.nanoTime();
            while (in.read() >= 0) {
                // The 101, then pings this client never answers, until the server hangs up.
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void fragmentedMessage_withAPingBetweenFragments_thenTheServersClose() throws Exception {
        try (FakeWsPeer peer = new FakeWsPeer()) {
            CompletableFuture<NioWsConn> opening = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.open(peer.host());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String request = peer.accept();
            assertThat(request).startsWith("GET /v0/channels?apikey=" + WireConn.KEY + " HTTP/1.1\r\n")
                    .containsIgnoringCase("Sec-WebSocket-Version: 13");
            peer.switchProtocols(FakeWsPeer.acceptFor(request));
            NioWsConn c = opening.get(10, TimeUnit.SECONDS);
            BlockingQueue<String> data = new LinkedBlockingQueue<>();
            c.onData(d -> data.add(d.get("content").getAsString()));
            byte[] whole = "{\"data\":{\"topic\":\"grp1\",\"seq\":1,\"content\":\"one € two\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            // Cut inside the euro sign, with a ping between the fragments, each written on its own.
            int cut = new String(whole, StandardCharsets.UTF_8).indexOf('€') + 1;
            peer.write(FakeWsPeer.frame(false, WsFrames.TEXT, java.util.Arrays.copyOfRange(whole, 0, cut)));
            peer.write(FakeWsPeer.frame(true, WsFrames.PING, "keepalive".getBytes(StandardCharsets.UTF_8)));
            FakeWsPeer.ClientFrame pong = peer.read();
            assertThat(pong.opcode()).isEqualTo(WsFrames.PONG);
            assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("keepalive");
            peer.write(FakeWsPeer.frame(true, WsFrames.CONTINUATION,
                    java.util.Arrays.copyOfRange(whole, cut, whole.length)));
            assertThat(data.poll(10, TimeUnit.SECONDS)).isEqualTo("one € two");

            // A request the server never answers fails when the server closes.
            CompletableFuture<JsonObject> unanswered = c.request(HI);
            FakeWsPeer.ClientFrame hi = peer.read();
            assertThat(hi.opcode()).isEqualTo(WsFrames.TEXT);
            assertThat(new String(hi.payload(), StandardCharsets.UTF_8)).contains("\"hi\"");
            peer.write(FakeWsPeer.frame(true, WsFrames.CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
            FakeWsPeer.ClientFrame closeReply = peer.read();
            assertThat(closeReply.opcode()).isEqualTo(WsFrames.CLOSE);
            assertThat(closeReply.payload()).containsExactly(0x03, 0xE8);
            assertThat(peer.readByte()).as("the client closes the socket after its close frame").isEqualTo(-1);
            assertThatThrownBy(() -> unanswered.get(10, TimeUnit.SECONDS))
                    .hasRootCauseMessage("closed by the server: 1000 bye");
        }
    }

    @Test
    void writeQueue_framesTheSocketCannotTakeAtOnce_sentWholeAndInOrder() throws Exception {
        // A peer that reads nothing until all is sent, through a 4 KiB window: 8 MiB cannot fit in
        // the socket buffers (at most 4 MiB on Linux), so frames wait in the connection's queue.
        try (FakeWsPeer peer = new FakeWsPeer(4096)) {
            CompletableFuture<NioWsConn> opening = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.open(peer.host());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            peer.switchProtocols(FakeWsPeer.acceptFor(peer.accept()));
            NioWsConn c = opening.get(10, TimeUnit.SECONDS);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String frame = "{\"frame\":" + i + ",\"pad\":\"" + Character.toString('a' + i).repeat(1 << 20) + "\"}";
                sent.add(frame);
                c.transmit(frame);
            }
            assertThat(c.queued()).as("frames that waited for the socket").isPositive();
            for (String expected : sent) {
                FakeWsPeer.ClientFrame f = peer.read();
                assertThat(f.opcode()).isEqualTo(WsFrames.TEXT);
                assertThat(f.fin()).isTrue();
                assertThat(new String(f.payload(), StandardCharsets.UTF_8)).isEqualTo(expected);
            }
            c.close();
        }
    }

    @Test
    void refusedOrForgedUpgrade_openFails() throws Exception {
        for (String answer : List.of("refused", "forged")) {
            try (FakeWsPeer peer = new FakeWsPeer()) {
                CompletableFuture<Object> opening = CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.open(peer.host());
                    } catch (Exception e) {
                        return e;
                    }
                });
                peer.accept();
                if (answer.equals("refused")) {
                    peer.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    peer.switchProtocols("c29tZXRoaW5nIGVsc2U=");
                }
                Object outcome = opening.get(10, TimeUnit.SECONDS);
                assertThat(outcome).as(answer).isInstanceOf(IOException.class);
                assertThat(((IOException) outcome).getMessage()).as(answer)
                        .contains(answer.equals("refused") ? "403 Forbidden" : "Sec-WebSocket-Accept");
                assertThat(peer.readByte()).as("the socket is closed").isEqualTo(-1);
            }
        }
    }
}

package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * reliability.md AB-04: clients that hold connections without doing their part (slowloris
 * headers, a silent socket, a WebSocket that never answers pings, a long poll nobody reads) are
 * dropped after a timeout, and the open-connection counts return to where they were.
 */
class SlowClientTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    private TinodeServer server;
    private UndertowTransport transport;
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        drip.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private int start(UndertowTransport.Builder b) {
        transport = b.host("127.0.0.1").port(0).build();
        server = TestServers.builder().transport(transport).build().start();
        return server.port();
    }

    /** True when the server closed the socket (end of stream or reset) before the read timed out. */
    private static boolean closedByServer(Socket sock, Duration within) throws Exception {
        sock.setSoTimeout((int) within.toMillis());
        InputStream in = sock.getInputStream();
        try {
            while (in.read() >= 0) {
                // A 408 or 400 page may come first; the point is the close.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void headersOneByteAtATime_closedAfterTheHeaderTimeout() throws Exception {
        int port = start(UndertowTransport.builder().headerTimeout(Duration.ofMillis(500)));
        try (Socket sock = new Socket("127.0.0.1", port)) {
            OutputStream out = sock.getOutputStream();
            byte[] head = ("GET /v0/channels?apikey=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    + "a".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
            AtomicInteger sent = new AtomicInteger();
            // A byte every 50 ms: each one would reset a plain read timeout, the header deadline holds.
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write(head[sent.getAndIncrement()]);
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            assertThat(closedByServer(sock, Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(sent.get()).isLessThan(head.length);
        }
    }

    @Test
    void silentConnection_closedAfterTheKeepAliveTimeout() throws Exception {
        int port = start(UndertowTransport.builder().keepAliveTimeout(Duration.ofMillis(500)));
        try (Socket sock = new Socket("127.0.0.1", port)) {
            assertThat(closedByServer(sock, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void defaults_areGosReadHeaderAndIdleTimeouts() {
        UndertowTransport t = UndertowTransport.builder().build();
        assertThat(t.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    /** A WebSocket client that counts the server's pings and, unless told to, answers none. */
    private static final class DeafClient extends WsClient {
        final AtomicInteger pings = new AtomicInteger();
        private final boolean answer;

        DeafClient(int port, boolean answer) {
            super(java.net.URI.create("ws://127.0.0.1:" + port + "/v0/channels?apikey=" + KEY), Map.of());
            this.answer = answer;
        }

        @Override
        public void onWebsocketPing(WebSocket conn, Framedata f) {
            pings.incrementAndGet();
            if (answer) {
                super.onWebsocketPing(conn, f);
            }
        }
    }

    @Test
    void webSocketThatNeverAnswersPings_closedAfterTheIdleTimeout_evenThoughPingsGoOut() throws Exception {
        int port = start(UndertowTransport.builder().pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(600)));
        DeafClient deaf = new DeafClient(port, false);
        assertThat(deaf.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        assertThat(deaf.awaitClosed()).isTrue();
        assertThat(deaf.pings.get()).isGreaterThanOrEqualTo(3);
        awaitZero(transport::openConnections);
    }

    /** With the default shape (ping a little before the idle timeout) the close comes at the timeout, not a ping later. */
    @Test
    void webSocketThatNeverAnswersPings_closedAtTheIdleTimeoutNotAtTheNextPing() throws Exception {
        int port = start(UndertowTransport.builder().pingInterval(Duration.ofMillis(450)).idleTimeout(Duration.ofMillis(500)));
        DeafClient deaf = new DeafClient(port, false);
        long t0 = System.nanoTime();
        assertThat(deaf.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        assertThat(deaf.awaitClosed()).isTrue();
        // Closed about 500 ms after connecting; waking only to ping would make it 900 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(450), Duration.ofMillis(800));
        assertThat(deaf.pings.get()).isEqualTo(1);
    }

    @Test
    void webSocketThatAnswersPings_staysOpenPastTheIdleTimeout() throws Exception {
        int port = start(UndertowTransport.builder().pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(400)));
        DeafClient polite = new DeafClient(port, true);
        assertThat(polite.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        // Three idle timeouts with nothing but pongs from the client.
        assertThat(polite.closed.await(1200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(polite.pings.get()).isGreaterThanOrEqualTo(5);
        polite.closeBlocking();
    }

    @Test
    void longPollNobodyReads_sessionExpires_countsBackToZero() throws Exception {
        int port = start(UndertowTransport.builder().longPollTimeout(Duration.ofMillis(200))
                .longPollSessionTimeout(Duration.ofMillis(500)));
        String lp = "/v0/channels/lp?apikey=" + KEY;
        String sid;
        try (Socket create = new Socket("127.0.0.1", port)) {
            create.getOutputStream().write(("POST " + lp + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String resp = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            sid = resp.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
        }
        assertThat(transport.openLongPollSessions()).isEqualTo(1);
        try (Socket poll = new Socket("127.0.0.1", port)) {
            // Polls whose answers are never read, on one connection.
            for (int i = 0; i < 3; i++) {
                poll.getOutputStream().write(("POST " + lp + "&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            awaitZero(transport::openLongPollSessions);
        }
        // The engine ends its session on its own actor, right after the transport lets go.
        awaitZero(() -> (int) server.stats().liveSessions());
    }

    /** Polls a counter that has no event to wait on, for at most 10 s. */
    private static void awaitZero(IntSupplier count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count.getAsInt() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertThat(count.getAsInt()).isZero();
    }
}

package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.tinodej.server.Limits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndertowTransportTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    private static final String HI = "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}";
    private TinodeServer server;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = TestServers.builder()
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                .limits(Limits.STOCK.withMaxMessageSize(4096))
                .build().start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void demoKeyInQuery_upgradesAndHiAnswered() throws Exception {
        WsClient c = WsClient.open(port, "?apikey=" + KEY, Map.of());
        c.send(HI);
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(201);
        assertThat(ctrl.getAsJsonObject("params").get("maxMessageSize").getAsInt()).isEqualTo(4096);
        c.closeBlocking();
    }

    @Test
    void demoKeyInHeaderOrCookie_accepted() throws Exception {
        WsClient h = WsClient.open(port, "", Map.of("X-Tinode-APIKey", KEY));
        h.send(HI);
        assertThat(h.ctrl().get("code").getAsInt()).isEqualTo(201);
        h.closeBlocking();
        WsClient c = WsClient.open(port, "", Map.of("Cookie", "apikey=" + KEY));
        c.send(HI);
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
        c.closeBlocking();
    }

    @Test
    void missingOrWrongKey_http403WithTinodeBody() throws Exception {
        Map<String, String> upgrade = Map.of();
        for (String q : new String[] {"", "?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6L", "?apikey=short"}) {
            HttpResponse<String> r = get("/v0/channels" + q, upgrade);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(r.body()).matches("\\{\"ctrl\":\\{\"code\":403,\"text\":\"valid API key required\",\"ts\":\"[-0-9T:.]+Z\"}}");
        }
        WsClient c = new WsClient(URI.create("ws://127.0.0.1:" + port + "/v0/channels"), Map.of());
        assertThat(c.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void nonGet_methodNotAllowed() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v0/channels?apikey=" + KEY)).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.body()).contains("\"text\":\"operation or method not allowed\"");
    }

    @Test
    void unknownPath_json404() throws Exception {
        HttpResponse<String> r = get("/nothing/here", Map.of());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("{\"ctrl\":{\"code\":404,\"text\":\"not found\"");
    }

    @Test
    void probe_zero_and_malformedKeepsConnection() throws Exception {
        WsClient c = WsClient.open(port, "?apikey=" + KEY, Map.of());
        c.send("1");
        assertThat(c.nextRaw()).isEqualTo("0");
        c.send("{not json");
        JsonObject bad = c.ctrl();
        assertThat(bad.get("code").getAsInt()).isEqualTo(400);
        assertThat(bad.get("text").getAsString()).isEqualTo("malformed");
        c.send(HI);
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
        assertThat(c.isOpen()).isTrue();
        c.closeBlocking();
    }

    @Test
    void oversizedFrame_closed1009() throws Exception {
        WsClient c = WsClient.open(port, "?apikey=" + KEY, Map.of());
        c.send("{\"hi\":{\"id\":\"1\",\"ua\":\"" + "x".repeat(5000) + "\"}}");
        assertThat(c.awaitClosed()).isTrue();
        assertThat(c.closeCode).isEqualTo(1009);
    }

    @Test
    void serverStop_sendsShutdownAndCloses() throws Exception {
        WsClient c = WsClient.open(port, "?apikey=" + KEY, Map.of());
        c.send(HI);
        c.ctrl();
        server.stop(Duration.ofSeconds(5));
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(205);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("server shutdown");
        assertThat(c.awaitClosed()).isTrue();
        // FT-10: "going away", not a plain close.
        assertThat(c.closeCode).isEqualTo(1001);
    }

    @Test
    void noteFlood_closedWith1008AndAReason_notReset() throws Exception {
        try (TinodeServer s = TestServers.builder()
                .rateLimits(io.github.tinodej.server.RateLimits.DEFAULTS
                        .withNotes(io.github.tinodej.server.RateLimits.Rate.of(10, Duration.ofSeconds(10)))
                        .withStrikes(io.github.tinodej.server.RateLimits.Rate.of(20, Duration.ofSeconds(10))))
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build()).build().start()) {
            WsClient c = WsClient.open(s.port(), "?apikey=" + KEY, Map.of());
            c.send(HI);
            c.ctrl();
            String secret = java.util.Base64.getEncoder().encodeToString("flooder:flooder-secret".getBytes());
            c.send("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"" + secret
                    + "\",\"login\":true}}");
            c.ctrl();
            // Keep flooding until the server closes: the client must see the close frame (1008 with
            // a reason), not a reset connection (1006).
            try {
                for (int i = 0; i < 5000 && c.closed.getCount() > 0; i++) {
                    c.send("{\"note\":{\"topic\":\"me\",\"what\":\"kp\"}}");
                }
            } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
                // The server closed it meanwhile.
            }
            assertThat(c.awaitClosed()).isTrue();
            assertThat(c.closeCode).isEqualTo(1008);
            assertThat(c.closeReason).contains("flood");
        }
    }

    @Test
    void sessionsPerAddressOverTheCap_http429BeforeTheUpgrade() throws Exception {
        try (TinodeServer s = TestServers.builder()
                .rateLimits(io.github.tinodej.server.RateLimits.DEFAULTS.withConnectionsPerAddress(1))
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build()).build().start()) {
            WsClient first = WsClient.open(s.port(), "?apikey=" + KEY, Map.of());
            first.send(HI);
            assertThat(first.ctrl().get("code").getAsInt()).isEqualTo(201);
            String response;
            try (java.net.Socket sock = new java.net.Socket("127.0.0.1", s.port())) {
                sock.setSoTimeout(10_000);
                sock.getOutputStream().write(("GET /v0/channels?apikey=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] buf = new byte[4096];
                int n = sock.getInputStream().read(buf);
                response = new String(buf, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(response).startsWith("HTTP/1.1 429");
            assertThat(response).contains("\"code\":429").contains("too many requests");
        }
    }

    @Test
    void twoServers_differentPorts() throws Exception {
        try (TinodeServer second = TestServers.builder()
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build()).build().start()) {
            assertThat(second.port()).isPositive().isNotEqualTo(port);
            WsClient c = WsClient.open(second.port(), "?apikey=" + KEY, Map.of());
            c.send(HI);
            assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
            c.closeBlocking();
        }
    }

    @Test
    void idleClient_closedAfterIdleTimeout() throws Exception {
        try (TinodeServer s = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0)
                .pingInterval(Duration.ZERO).idleTimeout(Duration.ofMillis(300)).build()).build().start()) {
            WsClient c = WsClient.open(s.port(), "?apikey=" + KEY, Map.of());
            assertThat(c.awaitClosed()).isTrue();
        }
    }

    @Test
    void mountable_inHostUndertow() throws Exception {
        UndertowTransport mount = UndertowTransport.mountable();
        assertThatThrownBy(mount::httpHandler).isInstanceOf(IllegalStateException.class);
        try (TinodeServer s = TestServers.builder().transport(mount).build().start()) {
            Undertow host = Undertow.builder().addHttpListener(0, "127.0.0.1")
                    .setHandler(Handlers.path().addPrefixPath("/chat", mount.httpHandler())).build();
            host.start();
            try {
                int hostPort = ((InetSocketAddress) host.getListenerInfo().get(0).getAddress()).getPort();
                WsClient c = new WsClient(URI.create("ws://127.0.0.1:" + hostPort + "/chat/v0/channels?apikey=" + KEY), Map.of());
                assertThat(c.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                c.send(HI);
                assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
                c.closeBlocking();
            } finally {
                host.stop();
            }
        }
    }

    /** One I/O thread, the default on a one-core machine, serves several sockets and HTTP. */
    @Test
    void oneIoThread_webSocketsAndHttpServed() throws Exception {
        try (TinodeServer s = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0)
                .ioThreads(1).build()).build().start()) {
            WsClient a = WsClient.open(s.port(), "?apikey=" + KEY, Map.of());
            WsClient b = WsClient.open(s.port(), "?apikey=" + KEY, Map.of());
            for (int i = 0; i < 20; i++) {
                a.send("1");
                b.send("1");
            }
            for (int i = 0; i < 20; i++) {
                assertThat(a.nextRaw()).isEqualTo("0");
                assertThat(b.nextRaw()).isEqualTo("0");
            }
            a.send(HI);
            assertThat(a.ctrl().get("code").getAsInt()).isEqualTo(201);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                    + "/nothing/here")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            a.closeBlocking();
            b.closeBlocking();
        }
    }

    @Test
    void staticRoot_servesFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<html>hello</html>");
        try (TinodeServer s = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0)
                .staticRoot(dir).build()).build().start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("hello");
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                    + "/nope.js")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void builder_validates() {
        assertThatThrownBy(() -> UndertowTransport.builder().port(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> UndertowTransport.builder().host(" ")).hasMessageContaining("host");
        assertThatThrownBy(() -> UndertowTransport.builder().staticRoot(Path.of("/does/not/exist")))
                .hasMessageContaining("staticRoot");
        assertThatThrownBy(() -> UndertowTransport.builder().headerTimeout(Duration.ZERO)).hasMessageContaining("headerTimeout");
        assertThatThrownBy(() -> UndertowTransport.builder().keepAliveTimeout(Duration.ofDays(30)))
                .hasMessageContaining("keepAliveTimeout");
        assertThatThrownBy(() -> UndertowTransport.builder().readTimeout(null)).hasMessageContaining("readTimeout");
    }
}

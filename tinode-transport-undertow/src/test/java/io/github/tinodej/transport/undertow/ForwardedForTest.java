package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The address authenticators see for WebSocket and long-polling clients behind proxies (issue
 * 12, AB-06). The tests connect from 127.0.0.1, which is trusted by default.
 */
class ForwardedForTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private TinodeServer server;

    /** Records the address of every login attempt and refuses it. */
    private final class AddressProbe implements Authenticator {
        @Override
        public String scheme() {
            return "probe";
        }

        @Override
        public AuthResult authenticate(byte[] secret, String remoteAddr) {
            seen.add(remoteAddr);
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "probe");
        }
    }

    private void start(UndertowTransport.Builder http) {
        server = TestServers.builder().authenticator(new AddressProbe())
                .transport(http.host("127.0.0.1").port(0).build()).build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String wsAddress(String forwardedFor) throws Exception {
        WsClient c = WsClient.open(server.port(), "?apikey=" + KEY, Map.of("X-Forwarded-For", forwardedFor));
        try {
            c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            c.ctrl();
            c.send("{\"login\":{\"id\":\"2\",\"scheme\":\"probe\",\"secret\":\"eA==\"}}");
            assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
            return seen.poll(10, TimeUnit.SECONDS);
        } finally {
            c.closeBlocking();
        }
    }

    @Test
    void enabled_loopbackProxyByDefault_rightMostAddressNotOfATrustedProxy() throws Exception {
        start(UndertowTransport.builder().trustForwardedFor(true));
        // The client wrote 6.6.6.6 itself; the proxy on this host appended what it saw.
        assertThat(wsAddress("6.6.6.6, 203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void enabled_peerNotATrustedProxy_headerIgnored() throws Exception {
        start(UndertowTransport.builder().trustForwardedFor(true).trustedProxies(List.of("10.0.0.0/8")));
        assertThat(wsAddress("6.6.6.6")).isEqualTo("127.0.0.1");
    }

    @Test
    void disabled_headerIgnored() throws Exception {
        start(UndertowTransport.builder());
        assertThat(wsAddress("6.6.6.6")).isEqualTo("127.0.0.1");
    }

    @Test
    void longPolling_sameRuleAsWebSocket() throws Exception {
        start(UndertowTransport.builder().trustForwardedFor(true));
        HttpClient http = HttpClient.newHttpClient();
        String lp = "http://127.0.0.1:" + server.port() + "/v0/channels/lp?apikey=" + KEY;
        String created = http.send(HttpRequest.newBuilder(URI.create(lp)).header("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
        String sid = com.google.gson.JsonParser.parseString(created).getAsJsonObject().getAsJsonObject("ctrl")
                .getAsJsonObject("params").get("sid").getAsString();
        for (String frame : new String[] {"{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}",
            "{\"login\":{\"id\":\"2\",\"scheme\":\"probe\",\"secret\":\"eA==\"}}"}) {
            http.send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString(frame))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("203.0.113.9");
    }
}

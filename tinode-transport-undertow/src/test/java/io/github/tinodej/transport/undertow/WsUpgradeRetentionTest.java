package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.Transport;
import io.github.tinodej.transport.TransportContext;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An open WebSocket keeps nothing of the HTTP request that upgraded it: Undertow holds each
 * upgraded connection's upgrade listener for the connection's life, and a listener that held the
 * exchange kept every request header and attachment of every session (1.5 KB each, copied
 * by the collections while sessions arrive).
 */
class WsUpgradeRetentionTest {

    /** Starts nothing itself; hands the engine's context to the test. */
    private static final class ContextOnly implements Transport {
        final AtomicReference<TransportContext> context = new AtomicReference<>();

        @Override
        public void start(TransportContext c) {
            context.set(c);
        }

        @Override
        public void stop(Duration grace) {
        }
    }

    @Test
    void openWebSocket_upgradeExchangeCollectable() throws Exception {
        ContextOnly transport = new ContextOnly();
        try (TinodeServer server = TestServers.builder().transport(transport).build().start()) {
            WsEndpoint endpoint = new WsEndpoint(transport.context.get(), 0, 0, new RemoteAddress(false, TrustedProxies.parse(java.util.List.of())));
            AtomicReference<WeakReference<HttpServerExchange>> seen = new AtomicReference<>();
            Undertow http = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1)
                    .setHandler(ex -> {
                        seen.set(new WeakReference<>(ex));
                        endpoint.handleRequest(ex);
                    }).build();
            http.start();
            try {
                int port = ((InetSocketAddress) http.getListenerInfo().get(0).getAddress()).getPort();
                WsClient c = WsClient.open(port, "?apikey=" + ApiKeys.DEMO_KEY, Map.of());
                try {
                    c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
                    assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
                    assertThat(endpoint.openConnections()).isEqualTo(1);
                    assertThat(collected(seen.get())).as("upgrade exchange collected while the socket is open").isTrue();
                    // The session still works after its exchange is gone.
                    c.send("{\"hi\":{\"id\":\"2\",\"ver\":\"0.25.3\"}}");
                    assertThat(c.ctrl().get("id").getAsString()).isEqualTo("2");
                } finally {
                    c.closeBlocking();
                }
            } finally {
                endpoint.closeAll(Duration.ofSeconds(1));
                http.stop();
            }
        }
    }

    /** A few full collections: one is usually enough, but {@code System.gc()} is only a request. */
    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }
}

package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.testing.TestServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz}: off by default, readiness follows the store. */
class HealthEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** A memory store whose ping fails while {@code down} is set. */
    private static Store storeThatCanGoDown(AtomicBoolean down) {
        MemoryStore real = new MemoryStore();
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("ping") && down.get()) {
                        throw new StoreException(StoreException.Kind.INTERNAL, "database unreachable: connection refused");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private HttpResponse<String> get(TinodeServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyWhenTurnedOn_livenessOk_readinessFollowsTheStore() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        try (TinodeServer off = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0)
                .build()).build().start()) {
            assertThat(get(off, "/healthz").statusCode()).isEqualTo(404);
            assertThat(get(off, "/readyz").statusCode()).isEqualTo(404);
        }
        try (TinodeServer s = TestServers.builder().store(storeThatCanGoDown(down)).transport(UndertowTransport.builder()
                .host("127.0.0.1").port(0).healthChecks(true).build()).build().start()) {
            assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(s, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready\n");

            down.set(true);
            HttpResponse<String> notReady = get(s, "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).startsWith("not ready: store: database unreachable");
            // Alive all the same: an orchestrator waits instead of restarting it.
            assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);

            down.set(false);
            assertThat(get(s, "/readyz").statusCode()).isEqualTo(200);
        }
    }
}

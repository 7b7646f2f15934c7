package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host-provider example: a message to an offline user reaches the host's webhook. */
class WebhookPushProviderTest {

    @Test
    void messageToOfflineUser_postedToTheWebhook() throws Exception {
        BlockingQueue<String> posts = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", ex -> {
            posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        WebhookPushProvider provider = new WebhookPushProvider(
                URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"));
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().transport(local).push(provider).closeOnStop(provider::close)
                .build().start();
                TestClient a = new TestClient(local);
                TestClient b = new TestClient(local)) {
            a.hi();
            a.createBasic("alice", "alice-secret");
            b.hi();
            b.createBasic("bobby", "bobby-secret");
            String bob = b.userId();
            b.close();
            a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + bob + "\"}"));
            a.request("pub", TestClient.json("{\"id\":\"2\",\"topic\":\"" + bob + "\",\"content\":\"hello\"}"));
            String post = posts.poll(10, TimeUnit.SECONDS);
            assertThat(post).isNotNull();
            JsonObject o = JsonParser.parseString(post).getAsJsonObject();
            assertThat(o.get("user").getAsString()).isEqualTo(bob);
            assertThat(o.get("from").getAsString()).isEqualTo(a.userId());
            assertThat(o.get("unread").getAsInt()).isEqualTo(1);
            // Alice saw her own message live: no post for her.
            assertThat(posts.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            hook.stop(0);
        }
    }
}

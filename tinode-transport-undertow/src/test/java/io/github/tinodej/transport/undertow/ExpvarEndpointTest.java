package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpvarEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static TinodeServer start(UndertowTransport.Builder b) {
        return TestServers.builder().transport(b.host("127.0.0.1").port(0)
                .longPollTimeout(Duration.ofMillis(300)).longPollSessionTimeout(Duration.ofMillis(600)).build())
                .build().start();
    }

    private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject vars(TinodeServer server) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/debug/vars")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void countsSessionsAndMessagesUnderTinodeNames_andSeesExpiredSessionsGo() throws Exception {
        try (TinodeServer server = start(UndertowTransport.builder().expvarPath("/debug/vars"))) {
            String lp = "http://127.0.0.1:" + server.port() + "/v0/channels/lp?apikey=" + ApiKeys.DEMO_KEY;
            String created = send(HttpRequest.newBuilder(URI.create(lp)).POST(HttpRequest.BodyPublishers.noBody())).body();
            String sid = JsonParser.parseString(created).getAsJsonObject().getAsJsonObject("ctrl")
                    .getAsJsonObject("params").get("sid").getAsString();
            send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}")));
            String reply = send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid))
                    .POST(HttpRequest.BodyPublishers.noBody())).body();
            assertThat(reply).contains("\"code\":200");

            JsonObject v = vars(server);
            assertThat(v.get("LiveSessions").getAsLong()).isEqualTo(1);
            assertThat(v.get("TotalSessions").getAsLong()).isEqualTo(1);
            assertThat(v.get("IncomingMessagesLongpollTotal").getAsLong()).isEqualTo(1);
            assertThat(v.get("OutgoingMessagesLongpollTotal").getAsLong()).isEqualTo(1);
            assertThat(v.get("IncomingMessagesWebsockTotal").getAsLong()).isZero();
            assertThat(v.has("LiveTopics")).isTrue();
            // Push counters are always published, zero without a provider.
            assertThat(v.get("PushSent").getAsLong()).isZero();
            assertThat(v.get("PushFailed").getAsLong()).isZero();
            assertThat(v.get("PushDropped").getAsLong()).isZero();
            assertThat(v.getAsJsonObject("memstats").get("HeapAlloc").getAsLong()).isPositive();
            // The hi was answered: one request latency sample in Tinode's histogram layout.
            JsonObject latency = v.getAsJsonObject("RequestLatency");
            assertThat(latency.get("count").getAsLong()).isEqualTo(1);
            assertThat(latency.getAsJsonArray("bounds")).hasSize(34);
            assertThat(latency.getAsJsonArray("count_per_bucket")).hasSize(35);
            assertThat(latency.getAsJsonArray("bounds").get(0).getAsDouble()).isEqualTo(1.0);

            // The abandoned session expires and leaves the live count; the total keeps it.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.stats().liveSessions() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            v = vars(server);
            assertThat(v.get("LiveSessions").getAsLong()).isZero();
            assertThat(v.get("TotalSessions").getAsLong()).isEqualTo(1);
        }
    }

    @Test
    void onlyGetAndHead() throws Exception {
        try (TinodeServer server = start(UndertowTransport.builder().expvarPath("/debug/vars"))) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/debug/vars"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void offByDefault_andWithDash() throws Exception {
        for (UndertowTransport.Builder b : new UndertowTransport.Builder[] {
                UndertowTransport.builder(), UndertowTransport.builder().expvarPath("-")}) {
            try (TinodeServer server = start(b)) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/debug/vars")));
                assertThat(r.statusCode()).isEqualTo(404);
            }
        }
    }
}

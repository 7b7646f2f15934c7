package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint after traffic: Tinode's counters under {@code tinode_*} names. */
class PrometheusEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private String post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void scrapeAfterTraffic_findsTheCounters() throws Exception {
        try (TinodeServer server = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0)
                .prometheusPath("/metrics").build()).build().start()) {
            String base = "http://127.0.0.1:" + server.port();
            String lp = base + "/v0/channels/lp?apikey=" + ApiKeys.DEMO_KEY;
            String sid = JsonParser.parseString(post(lp, "")).getAsJsonObject().getAsJsonObject("ctrl")
                    .getAsJsonObject("params").get("sid").getAsString();
            post(lp + "&sid=" + sid, "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
            assertThat(post(lp + "&sid=" + sid, "")).contains("\"code\":200");

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            String s = r.body();
            assertThat(value(s, "tinode_sessions_live")).isEqualTo(1);
            assertThat(value(s, "tinode_sessions_total")).isEqualTo(1);
            assertThat(value(s, "tinode_messages_in_total{transport=\"long_poll\"}")).isEqualTo(1);
            assertThat(value(s, "tinode_messages_out_total{transport=\"long_poll\"}")).isEqualTo(1);
            assertThat(value(s, "tinode_messages_in_total{transport=\"websocket\"}")).isZero();
            assertThat(value(s, "tinode_requests_total")).isEqualTo(1);
            assertThat(value(s, "tinode_request_latency_milliseconds_total")).isGreaterThanOrEqualTo(0);
            assertThat(value(s, "tinode_uploads_total")).isZero();
            assertThat(value(s, "tinode_push_sent_total")).isZero();
            assertThat(value(s, "tinode_push_dropped_total")).isZero();
            assertThat(value(s, "tinode_topics_live")).isZero();
            assertThat(s).contains("jvm_memory_used_bytes");
        }
    }
}

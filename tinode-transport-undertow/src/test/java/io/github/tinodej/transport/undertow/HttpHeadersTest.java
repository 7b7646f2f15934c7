package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.server.Limits;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configurable response headers over real HTTP: CORS on the file endpoints (preflights
 * included), X-Frame-Options, Referrer-Policy and Cache-Control on static content, and the
 * downloaded files' Cache-Control.
 */
class HttpHeadersTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    /** A running server with static content and media, and a user's token. */
    private record Running(TinodeServer server, String base, String token) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private Running start(UnaryOperator<UndertowTransport.Builder> settings) throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<html>hi</html>");
        LocalTransport local = new LocalTransport();
        TinodeServer s = TestServers.builder()
                .transport(settings.apply(UndertowTransport.builder().host("127.0.0.1").port(0).staticRoot(web)).build())
                .transport(local).media(new FileSystemMediaStore(dir.resolve("media"))).limits(Limits.STOCK)
                .build().start();
        try (TestClient c = new TestClient(local)) {
            c.hi();
            c.createBasic("headers" + System.nanoTime() % 100000, "headers-secret");
            return new Running(s, "http://127.0.0.1:" + s.port(), c.token());
        }
    }

    private HttpResponse<String> preflight(String url, String origin, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "x-tinode-auth, x-tinode-apikey").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(Running r, String origin) throws Exception {
        Multipart.Form form = Multipart.form("cors".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain", "");
        return http.send(HttpRequest.newBuilder(URI.create(r.base() + "/v0/file/u/?apikey=" + KEY))
                .header("Content-Type", form.contentType()).header("X-Tinode-Auth", "Token " + r.token())
                .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void defaults_anyOriginForFiles_sameOriginFrames_noStaticCaching() throws Exception {
        try (Running r = start(b -> b)) {
            HttpResponse<String> index = get(r.base() + "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
            assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("origin");
            assertThat(index.headers().firstValue("Cache-Control")).isEmpty();

            HttpResponse<String> up = preflight(r.base() + "/v0/file/u/", "https://app.example.org", "POST");
            assertThat(up.statusCode()).isEqualTo(204);
            assertThat(up.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
            assertThat(up.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, PUT, HEAD, OPTIONS");
            assertThat(up.headers().firstValue("Access-Control-Allow-Headers")).hasValue("x-tinode-auth, x-tinode-apikey");
            assertThat(up.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
            assertThat(up.headers().firstValue("Access-Control-Max-Age")).hasValue("86400");
            assertThat(up.headers().allValues("Vary")).contains("Origin");

            HttpResponse<String> serve = preflight(r.base() + "/v0/file/s/abc.txt", "https://app.example.org", "GET");
            assertThat(serve.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD, OPTIONS");
            // A method the endpoint does not take is not granted.
            HttpResponse<String> delete = preflight(r.base() + "/v0/file/s/abc.txt", "https://app.example.org", "DELETE");
            assertThat(delete.statusCode()).isEqualTo(204);
            assertThat(delete.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            HttpResponse<String> posted = upload(r, "https://app.example.org");
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(posted.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
            String url = JsonParser.parseString(posted.body()).getAsJsonObject().getAsJsonObject("ctrl")
                    .getAsJsonObject("params").get("url").getAsString();
            HttpResponse<String> file = get(r.base() + url + "?apikey=" + KEY, "X-Tinode-Auth", "Token " + r.token());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Cache-Control")).hasValue("max-age=86400");
            assertThat(file.headers().allValues("Vary")).as("cached per origin").contains("Origin");
        }
    }

    @Test
    void configured_originList_deny_staticMaxAge_fileCacheControl() throws Exception {
        try (Running r = start(b -> b.corsOrigins(List.of("https://chat.example.com", "https://*.example.org"))
                .xFrameOptions("DENY").staticMaxAge(Duration.ofSeconds(39600)).fileCacheControl("private, max-age=60"))) {
            HttpResponse<String> index = get(r.base() + "/index.html");
            assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(index.headers().firstValue("Cache-Control")).hasValue("must-revalidate, public, max-age=39600");
            HttpResponse<String> missing = get(r.base() + "/nope.js");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Cache-Control")).as("a 404 is not cached").isEmpty();
            // API endpoints are not static content.
            HttpResponse<String> lp = get(r.base() + "/v0/channels/lp?apikey=" + KEY);
            assertThat(lp.headers().firstValue("X-Frame-Options")).isEmpty();

            assertThat(preflight(r.base() + "/v0/file/u/", "https://chat.example.com", "POST").headers()
                    .firstValue("Access-Control-Allow-Origin")).hasValue("https://chat.example.com");
            assertThat(preflight(r.base() + "/v0/file/u/", "https://eu.example.org", "PUT").headers()
                    .firstValue("Access-Control-Allow-Origin")).hasValue("https://eu.example.org");
            for (String stranger : List.of("https://evil.example", "http://eu.example.org", "https://a.b.example.org",
                    "https://chat.example.com:8443")) {
                HttpResponse<String> refused = preflight(r.base() + "/v0/file/u/", stranger, "POST");
                assertThat(refused.statusCode()).as(stranger).isEqualTo(204);
                assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).as(stranger).isEmpty();
                assertThat(refused.headers().firstValue("Access-Control-Allow-Methods")).as(stranger).isEmpty();
            }
            HttpResponse<String> posted = upload(r, "https://eu.example.org");
            assertThat(posted.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://eu.example.org");
            assertThat(upload(r, "https://evil.example").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            String url = JsonParser.parseString(posted.body()).getAsJsonObject().getAsJsonObject("ctrl")
                    .getAsJsonObject("params").get("url").getAsString();
            HttpResponse<String> file = get(r.base() + url + "?apikey=" + KEY, "X-Tinode-Auth", "Token " + r.token());
            assertThat(file.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        }
    }

    @Test
    void turnedOff_noFrameOptions_noOrigins() throws Exception {
        try (Running r = start(b -> b.corsOrigins(List.of()).xFrameOptions("-"))) {
            assertThat(get(r.base() + "/").headers().firstValue("X-Frame-Options")).isEmpty();
            HttpResponse<String> refused = preflight(r.base() + "/v0/file/u/", "https://app.example.org", "POST");
            assertThat(refused.statusCode()).isEqualTo(204);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(upload(r, "https://app.example.org").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void builder_validatesHeaderSettings() {
        assertThatThrownBy(() -> UndertowTransport.builder().xFrameOptions("ALLOW-FROM https://x"))
                .hasMessageContaining("xFrameOptions");
        assertThatThrownBy(() -> UndertowTransport.builder().corsOrigins(List.of("*", "https://a.example")))
                .hasMessageContaining("only entry");
        assertThatThrownBy(() -> UndertowTransport.builder().corsOrigins(List.of("example.com")))
                .hasMessageContaining("scheme");
        assertThatThrownBy(() -> UndertowTransport.builder().staticMaxAge(Duration.ofSeconds(-1)))
                .hasMessageContaining("staticMaxAge");
        assertThatThrownBy(() -> UndertowTransport.builder().fileCacheControl("a\r\nSet-Cookie: x"))
                .hasMessageContaining("fileCacheControl");
    }
}

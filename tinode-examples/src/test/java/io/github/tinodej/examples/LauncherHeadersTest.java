package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tinode's header keys read from tinode.conf, checked over real HTTP: {@code x_frame_options},
 * {@code cache_control}, {@code media.handlers.fs.cors_origins} (preflights included) and
 * {@code media.handlers.fs.cache_control}.
 */
class LauncherHeadersTest {
    private static final String KEY = "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void configuredHeaders_onStaticContentFilesAndPreflights(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"x_frame_options": "DENY", "cache_control": 39600,
                 "media": {"handlers": {"fs": {"upload_dir": "%s", "cache_control": "max-age=600",
                   "cors_origins": ["https://chat.example.com", "https://*.example.org"]}}}}
                """.formatted(dir.resolve("uploads").toString().replace("\\", "/")));
        assertThat(TinodeConfig.load(conf).unsupportedKeys()).isEmpty();
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<title>TinodeWeb</title>");
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, web, dir))) {
            String base = "http://127.0.0.1:" + s.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("must-revalidate, public, max-age=39600");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("origin");

            HttpResponse<String> granted = preflight(base + "/v0/file/u/", "https://eu.example.org", "POST");
            assertThat(granted.statusCode()).isEqualTo(204);
            assertThat(granted.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://eu.example.org");
            assertThat(granted.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST, PUT, HEAD, OPTIONS");
            HttpResponse<String> refused = preflight(base + "/v0/file/s/x.png", "https://evil.example", "GET");
            assertThat(refused.statusCode()).isEqualTo(204);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            String login = "hdr" + Long.toString(System.nanoTime(), 36);
            createAccount(s.port(), login);
            String basic = "Basic " + Base64.getEncoder().encodeToString((login + ":secret123").getBytes(StandardCharsets.UTF_8));
            String boundary = "b0undary";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + KEY))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", basic)
                    .header("Origin", "https://chat.example.com").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            assertThat(up.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://chat.example.com");
            String url = JsonParser.parseString(up.body()).getAsJsonObject().getAsJsonObject("ctrl")
                    .getAsJsonObject("params").get("url").getAsString();
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                    .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(file.body()).isEqualTo("hello");
            assertThat(file.headers().firstValue("Cache-Control")).hasValue("max-age=600");
        }
    }

    @Test
    void defaults_asTinode_sameOriginFrames_noStaticCaching_noCrossOriginFiles(@TempDir Path dir) throws Exception {
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<title>TinodeWeb</title>");
        Path conf = dir.resolve("tinode.conf");
        // An unknown value is Tinode's warning and its default, not a refusal to start.
        Files.writeString(conf, "{\"x_frame_options\": \"ALLOWALL\"}");
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, web, dir))) {
            String base = "http://127.0.0.1:" + s.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
            assertThat(page.headers().firstValue("Cache-Control")).isEmpty();
            HttpResponse<String> refused = preflight(base + "/v0/file/u/", "https://app.example.org", "POST");
            assertThat(refused.statusCode()).isEqualTo(204);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        Files.writeString(conf, "{\"x_frame_options\": \"-\", \"media\": {\"handlers\": {\"fs\": {\"cors_origins\": [\"*\"]}}}}");
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, web, dir))) {
            String base = "http://127.0.0.1:" + s.port();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString())
                    .headers().firstValue("X-Frame-Options")).isEmpty();
            assertThat(preflight(base + "/v0/file/u/", "https://app.example.org", "PUT").headers()
                    .firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
        }
    }

    @Test
    void malformedOrigins_refuseToStart(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"media\": {\"handlers\": {\"fs\": {\"cors_origins\": [\"*\", \"https://a.example\"]}}}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("cors_origins");
    }

    private HttpResponse<String> preflight(String url, String origin, String method) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A basic account with password {@code secret123}, made over the WebSocket. */
    private void createAccount(int port, String login) throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/v0/channels?apikey="
                + KEY), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            frames.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}", true).join();
            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"code\":201");
            String secret = Base64.getEncoder().encodeToString((login + ":secret123").getBytes(StandardCharsets.UTF_8));
            ws.sendText("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"" + secret + "\"}}", true).join();
            JsonObject ctrl = JsonParser.parseString(frames.poll(10, TimeUnit.SECONDS)).getAsJsonObject().getAsJsonObject("ctrl");
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(201);
        } finally {
            ws.abort();
        }
    }
}

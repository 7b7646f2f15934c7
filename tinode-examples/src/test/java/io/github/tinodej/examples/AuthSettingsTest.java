package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.github.tinodej.TinodeServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthSettingsTest {

    /** Tinode's README setup: the rest service replaces basic, and the name rest is taken away. */
    @Test
    void start_restInPlaceOfBasic_loginGoesToTheService(@TempDir Path dir) throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", ex -> {
            JsonObject req = JsonParser.parseString(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            paths.add(ex.getRequestURI().getPath() + " " + req.get("name").getAsString());
            String body = switch (req.get("endpoint").getAsString()) {
                case "auth" -> "{\"rec\": {\"authlvl\": \"auth\"}, \"newacc\": {\"public\": {\"fn\": \"Zoe\"}}}";
                case "link" -> "{}";
                default -> "{\"err\": \"unsupported\"}";
            };
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        stub.start();
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"auth_config": {"logical_names": ["basic:rest", "rest:"],
                  "rest": {"server_url": "http://127.0.0.1:%d/svc", "allow_new_accounts": true,
                           "use_separate_endpoints": true}}}
                """.formatted(stub.getAddress().getPort()));
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            List<JsonObject> replies = exchange(s.port(),
                    "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}",
                    login("2", "rest", "zoe:pw"),
                    login("3", "basic", "zoe:pw"));
            assertThat(replies.get(1).get("text").getAsString()).isEqualTo("unknown authentication scheme");
            assertThat(replies.get(2).get("code").getAsInt()).isEqualTo(200);
            assertThat(replies.get(2).getAsJsonObject("params").get("user").getAsString()).startsWith("usr");
            assertThat(paths).containsExactly("/svc/rtagns basic", "/svc/auth basic", "/svc/link basic");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void logicalNames_checkedAsTinodeChecksThem() {
        assertThat(AuthSettings.logicalNames(TinodeConfig.parse(
                "{\"auth_config\": {\"logical_names\": [\"Basic:rest\", \"rest:\", \"anonymous:anonymous\"]}}")))
                .containsExactly(java.util.Map.entry("basic", "rest"), java.util.Map.entry("rest", ""));
        for (String bad : List.of("[\"basic\"]", "[\":rest\"]", "[\"a:basic\", \"a:rest\"]", "[\"token:rest\"]")) {
            assertThatThrownBy(() -> AuthSettings.logicalNames(TinodeConfig.parse(
                    "{\"auth_config\": {\"logical_names\": " + bad + "}}")))
                    .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("logical_names");
        }
    }

    @Test
    void start_logicalNameToUnconfiguredRest_refused(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"auth_config\": {\"logical_names\": [\"basic:rest\"]}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class).hasMessageContaining("unknown handler");
        // Refused before the store was made or a key written.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("tinode.conf");
        }
    }

    private static String login(String id, String scheme, String secret) {
        return "{\"login\":{\"id\":\"" + id + "\",\"scheme\":\"" + scheme + "\",\"secret\":\""
                + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)) + "\"}}";
    }

    /** Sends each frame over a real WebSocket after the reply to the one before; returns the ctrls. */
    private static List<JsonObject> exchange(int port, String... frames) throws Exception {
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                + "/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"), new WebSocket.Listener() {
                    private final StringBuilder buf = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        buf.append(data);
                        if (last) {
                            in.add(buf.toString());
                            buf.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            List<JsonObject> out = new java.util.ArrayList<>();
            for (String f : frames) {
                ws.sendText(f, true).get(10, TimeUnit.SECONDS);
                String reply = in.poll(10, TimeUnit.SECONDS);
                assertThat(reply).as("reply to " + f).isNotNull();
                out.add(JsonParser.parseString(reply).getAsJsonObject().getAsJsonObject("ctrl"));
            }
            return out;
        } finally {
            ws.abort();
        }
    }
}

package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @Test
    void start_withConfig_servesWebSocketAndStaticFiles(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "// test\n{\"listen\": \":6060\", \"max_message_size\": 2048, \"unknown_thing\": true}");
        Path web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<title>TinodeWeb</title>");
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, web, dir))) {
            JsonObject params = hiParams(s.port());
            assertThat(params.get("maxMessageSize").getAsInt()).isEqualTo(2048);
            // Calls are off unless the config turns them on.
            assertThat(params.has("iceServers")).isFalse();
            assertThat(params.has("callTimeout")).isFalse();
            HttpResponse<String> page = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("TinodeWeb");
        }
    }

    @Test
    void start_webrtcEnabled_hiCarriesIceServersAndCallTimeout(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"webrtc": {"enabled": true, "call_establishment_timeout": 45, "ice_servers": [
                  {"urls": ["stun:stun.example.org"]},
                  {"username": "user", "credential": "secret", "urls": ["turn:turn.example.org:3478"]}]}}
                """);
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            JsonObject params = hiParams(s.port());
            assertThat(params.get("iceServers")).isEqualTo(JsonParser.parseString("""
                    [{"urls": ["stun:stun.example.org"]},
                     {"username": "user", "credential": "secret", "urls": ["turn:turn.example.org:3478"]}]
                    """));
            assertThat(params.get("callTimeout").getAsInt()).isEqualTo(45);
        }
    }

    @Test
    void start_unreadableIceServersFile_failsNamingTheKey(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"webrtc\": {\"enabled\": true, \"ice_servers_file\": \"" + dir.resolve("ice.json") + "\"}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class)
                .hasMessageContaining("webrtc.ice_servers_file").hasMessageContaining("ice.json");
    }

    @Test
    void start_keysNotImplemented_warnsNamingEach(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"grpc_listen": "127.0.0.1:0", "grpc_keepalive_enabled": true, "frobnicate": 1, "max_tag_count": 16}
                """);
        try (CapturedLog log = new CapturedLog(Launcher.class);
                TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            assertThat(s.port()).isPositive();
            assertThat(log.warnings).filteredOn(w -> w.startsWith("config:")).containsExactly(
                    "config: 'frobnicate' is not implemented by this launcher and has no effect");
        }
    }

    @Test
    void start_clusterSelfNotAmongNodes_refuses(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"cluster_config": {"self": "four", "nodes": [{"name": "one", "addr": "127.0.0.1:12001"}]}}
                """);
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class)
                .hasMessageContaining("cluster_config.self").hasMessageContaining("four");
    }

    @Test
    void start_tlsWithFilesThatCannotBeRead_refusesInsteadOfServingPlainHttp(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"tls\": {\"enabled\": true, \"cert_file\": \"/etc/x.crt\", \"key_file\": \"/etc/x.key\"}}");
        assertThatThrownBy(() -> Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir)))
                .isInstanceOf(TinodeConfig.ConfigException.class)
                .hasMessageContaining("/etc/x.crt");
        // Refused before anything was written to the data folder.
        assertThat(Files.exists(dir.resolve("token.key"))).isFalse();
    }

    @Test
    void start_tlsFromPemFiles_servesHttpsWithHsts(@TempDir Path dir) throws Exception {
        Path pem = Path.of("../tinode-transport-undertow/src/test/resources/tls").toAbsolutePath().normalize();
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, """
                {"tls": {"enabled": true, "http_redirect": ":0", "strict_max_age": 3600,
                         "cert_file": "%s", "key_file": "%s"}}
                """.formatted(pem.resolve("cert.pem"), pem.resolve("key-pkcs8.pem")));
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (java.io.InputStream in = Files.newInputStream(pem.resolve("cert.pem"))) {
            trust.setCertificateEntry("test", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            HttpResponse<String> r = HttpClient.newBuilder().sslContext(ssl).build().send(java.net.http.HttpRequest
                    .newBuilder(URI.create("https://127.0.0.1:" + s.port() + "/v0/channels/lp?apikey=x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=3600");
        }
    }

    /** The launcher's exit code for a config file holding {@code json}. */
    private static int exitCodeFor(Path dir, String json) throws Exception {
        Path conf = dir.resolve("test.conf");
        Files.writeString(conf, json);
        return new picocli.CommandLine(new TinodeMain()).execute("--listen", "127.0.0.1:0", "--config", conf.toString(),
                "--data", dir.toString());
    }

    @Test
    void main_badConfig_exitCode2(@TempDir Path dir) throws Exception {
        assertThat(exitCodeFor(dir, "{\"max_message_size\": \"huge\"}")).isEqualTo(2);
    }

    @Test
    void main_authThreadNiceOutOfRange_exitCode2(@TempDir Path dir) throws Exception {
        assertThat(exitCodeFor(dir, "{\"auth_thread_nice\": 25}")).isEqualTo(2);
    }

    @Test
    void main_trustedProxiesNotAddresses_exitCode2(@TempDir Path dir) throws Exception {
        assertThat(exitCodeFor(dir, "{\"use_x_forwarded_for\": true, \"trusted_proxies\": [\"proxy.example.com\"]}"))
                .isEqualTo(2);
        assertThat(exitCodeFor(dir, "{\"trusted_proxies\": \"10.0.0.0/8\"}")).isEqualTo(2);
    }

    @Test
    void start_trustedProxies_acceptedAndNotReportedAsUnimplemented(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"use_x_forwarded_for\": true, \"trusted_proxies\": [\"10.0.0.0/8\", \"::1\"]}");
        try (CapturedLog log = new CapturedLog(Launcher.class);
                TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            assertThat(s.port()).isPositive();
            assertThat(log.warnings).noneMatch(w -> w.startsWith("config:"));
        }
    }

    @Test
    void main_tlsEnabled_exitCode2(@TempDir Path dir) throws Exception {
        assertThat(exitCodeFor(dir, "{\"tls\": {\"enabled\": true}}")).isEqualTo(2);
    }

    /** {@code ctrl.params} of the reply to a first {@code {hi}} over a real WebSocket. */
    private static JsonObject hiParams(int port) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                + "/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}", true);
            JsonObject ctrl = JsonParser.parseString(first.get(10, TimeUnit.SECONDS)).getAsJsonObject().getAsJsonObject("ctrl");
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(201);
            return ctrl.getAsJsonObject("params");
        } finally {
            ws.abort();
        }
    }

    /**
     * The warnings a class logs while this is open. System.Logger's default backend is
     * java.util.logging, under the same logger name.
     */
    private static final class CapturedLog extends Handler implements AutoCloseable {
        private final Logger logger;
        final List<String> warnings = new CopyOnWriteArrayList<>();

        CapturedLog(Class<?> source) {
            logger = Logger.getLogger(source.getName());
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                warnings.add(new SimpleFormatter().formatMessage(r));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}

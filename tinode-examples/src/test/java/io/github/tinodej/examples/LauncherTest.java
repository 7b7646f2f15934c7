package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + s.port()
                    + "/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            first.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}", true);
            String reply = first.get(10, TimeUnit.SECONDS);
            assertThat(reply).contains("\"code\":201").contains("\"maxMessageSize\":2048");
            ws.abort();
            HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("TinodeWeb");
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
}

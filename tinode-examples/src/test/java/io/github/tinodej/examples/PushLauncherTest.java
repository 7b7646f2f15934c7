package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's {@code push} section: the stdout adapter prints a line for a message to an offline user. */
class PushLauncherTest {

    @Test
    void stdoutAdapter_printsAPushForAMessageToAnOfflineUser(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("tinode.conf");
        Files.writeString(conf, "{\"push\": [{\"name\": \"stdout\", \"config\": {\"enabled\": true}}]}");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TinodeServer s = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, dir))) {
            String bob;
            try (Ws b = new Ws(s.port())) {
                bob = b.signUp("bobby");
            }
            try (Ws a = new Ws(s.port())) {
                a.signUp("alice");
                a.request("{\"sub\":{\"id\":\"s\",\"topic\":\"" + bob + "\"}}", "s");
                a.request("{\"pub\":{\"id\":\"p\",\"topic\":\"" + bob + "\",\"content\":\"hello\"}}", "p");
                String bobKey = bob.substring(3);
                JsonObject line = awaitLine(captured, "\"what\":\"msg\"");
                assertThat(line.getAsJsonObject("payload").get("content").getAsString()).isEqualTo("hello");
                assertThat(line.getAsJsonObject("to").getAsJsonObject(bobKey).get("delivered").getAsInt()).isZero();
                assertThat(line.getAsJsonObject("to").getAsJsonObject(bobKey).get("unread").getAsInt()).isEqualTo(1);
            }
        } finally {
            System.setOut(original);
        }
    }

    /** The first printed line containing {@code marker}, as JSON; fails after 10 s. */
    private static JsonObject awaitLine(ByteArrayOutputStream out, String marker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<String> line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(marker)).findFirst();
            if (line.isPresent()) {
                return JsonParser.parseString(line.get()).getAsJsonObject();
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        throw new AssertionError("no push line with " + marker + " in: " + out);
    }

    /** A minimal WebSocket client: sends frames, waits for the ctrl answering an id. */
    private static final class Ws implements AutoCloseable {
        private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        private final WebSocket ws;

        Ws(int port) throws Exception {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
                    + "/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"), new WebSocket.Listener() {
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
        }

        /** Says hi, creates a basic account and logs in; returns the user id. */
        String signUp(String login) throws Exception {
            request("{\"hi\":{\"id\":\"h\",\"ver\":\"0.25.3\"}}", "h");
            String secret = Base64.getEncoder().encodeToString((login + ":" + login + "-secret").getBytes(StandardCharsets.UTF_8));
            return request("{\"acc\":{\"id\":\"a\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"" + secret
                    + "\",\"login\":true}}", "a").getAsJsonObject("params").get("user").getAsString();
        }

        JsonObject request(String frame, String id) throws Exception {
            ws.sendText(frame, true).get(10, TimeUnit.SECONDS);
            while (true) {
                String f = frames.poll(10, TimeUnit.SECONDS);
                if (f == null) {
                    throw new AssertionError("no reply to " + frame);
                }
                JsonObject o = JsonParser.parseString(f).getAsJsonObject();
                if (o.has("ctrl") && o.getAsJsonObject("ctrl").has("id") && id.equals(o.getAsJsonObject("ctrl").get("id").getAsString())) {
                    JsonObject ctrl = o.getAsJsonObject("ctrl");
                    assertThat(ctrl.get("code").getAsInt()).as(f).isLessThan(300);
                    return ctrl;
                }
            }
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}

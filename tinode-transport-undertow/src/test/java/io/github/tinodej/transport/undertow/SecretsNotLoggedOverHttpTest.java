package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.testing.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reliability.md AZ-12 over the real transports: with every logger at its finest (Undertow's
 * included, which log through java.util.logging here), a password sent over WebSocket, long
 * polling and the file endpoints, right, wrong and in frames the server refuses, never reaches a
 * log record. (Tinode logs every incoming frame, {login} included, at info level.)
 */
class SecretsNotLoggedOverHttpTest {
    private static final String CANARY = "S3cr3t-canary";
    private static final String KEY = ApiKeys.DEMO_KEY;
    private static final List<String> SERVER_LOGGERS = List.of("io.github.tinodej", "io.undertow", "org.xnio", "org.jboss");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String name = String.valueOf(r.getLoggerName());
            if (!SERVER_LOGGERS.stream().anyMatch(name::startsWith)) {
                // The test's own HTTP client logs its requests, Authorization headers included.
                return;
            }
            StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(' ').append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                sb.append(' ').append(w);
            }
            logged.add(sb.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    @TempDir
    Path media;
    private TinodeServer server;

    @BeforeEach
    void start() throws Exception {
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        for (String name : SERVER_LOGGERS) {
            Logger.getLogger(name).setLevel(Level.ALL);
        }
        server = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                .media(new FileSystemMediaStore(media)).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        root.removeHandler(capture);
        for (String name : SERVER_LOGGERS) {
            Logger.getLogger(name).setLevel(null);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canaryPassword_overEveryTransport_neverLogged() throws Exception {
        WsClient ws = WsClient.open(server.port(), "?apikey=" + KEY, Map.of());
        ws.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
        ws.ctrl();
        ws.send("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"" + b64("canary:" + CANARY)
                + "\",\"login\":true}}");
        String token = ws.ctrl().getAsJsonObject("params").get("token").getAsString();
        ws.send("{\"login\":{\"id\":\"3\",\"scheme\":\"basic\",\"secret\":\"" + CANARY + "\"}}");
        ws.ctrl();
        ws.closeBlocking();

        HttpClient http = HttpClient.newHttpClient();
        String lp = "http://127.0.0.1:" + server.port() + "/v0/channels/lp?apikey=" + KEY;
        String created = http.send(HttpRequest.newBuilder(URI.create(lp)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String sid = created.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
        for (String frame : new String[] {"{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}",
            "{\"login\":{\"id\":\"2\",\"scheme\":\"basic\",\"secret\":\"" + b64("canary:wrong-" + CANARY) + "\"}}",
            "{\"login\":{\"id\":\"3\",\"scheme\":\"basic\",\"secret\":\"" + b64("canary:" + CANARY) + "\"}}",
            "{\"login\":{\"secret\":\"" + CANARY + "\"", "x".repeat(200_000) + CANARY}) {
            http.send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString(frame))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        String file = "http://127.0.0.1:" + server.port() + "/v0/file/s/AAAAAAAAAAA.txt?apikey=" + KEY;
        for (String auth : new String[] {"Basic " + b64("canary:" + CANARY), "Basic " + b64("canary:no-" + CANARY),
            "Token " + token, "Basic " + CANARY}) {
            http.send(HttpRequest.newBuilder(URI.create(file)).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        http.send(HttpRequest.newBuilder(URI.create(file + "&auth=basic&secret=" + b64("canary:" + CANARY))).build(),
                HttpResponse.BodyHandlers.ofString());
        server.close();

        assertThat(logged).isNotEmpty();
        assertThat(logged).noneMatch(l -> l.contains(CANARY))
                .noneMatch(l -> l.contains(b64("canary:" + CANARY)))
                .noneMatch(l -> l.contains(token));
    }
}

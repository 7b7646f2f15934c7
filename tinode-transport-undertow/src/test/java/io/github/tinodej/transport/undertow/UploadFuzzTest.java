package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fuzzes the multipart upload path through the real endpoint ({@code POST /v0/file/u/}, Undertow's
 * multipart parser, the media store): any Content-Type and body get a 2xx or 4xx answer, never a
 * 5xx or a dropped connection, and nothing is logged as an error or thrown on a server thread.
 *
 * <p>Input: the Content-Type header value (CR and LF removed), a newline, the body. Raw requests on
 * a socket, so header bytes an HTTP client library would refuse reach the server too.
 */
class UploadFuzzTest {
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Logger serverLog = Logger.getLogger("");
    private final Handler watcher = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                failures.add(r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Path media;
    private TinodeServer server;
    private String token;

    @BeforeEach
    void start() throws IOException {
        media = Files.createTempDirectory("upload-fuzz");
        LocalTransport local = new LocalTransport();
        server = TestServers.builder()
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                .transport(local)
                .media(new FileSystemMediaStore(media))
                .rateLimits(RateLimits.NONE)
                .build().start();
        try (TestClient c = new TestClient(local)) {
            c.hi();
            c.createBasic("uploader", "uploader-secret");
            token = c.token();
        }
        serverLog.addHandler(watcher);
    }

    @AfterEach
    void stop() throws IOException {
        serverLog.removeHandler(watcher);
        server.close();
        try (var files = Files.walk(media)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "8s")
    void upload(byte[] data) throws IOException {
        int nl = indexOf(data, (byte) '\n');
        byte[] type = nl < 0 ? data : java.util.Arrays.copyOf(data, nl);
        byte[] body = nl < 0 ? new byte[0] : java.util.Arrays.copyOfRange(data, nl + 1, data.length);
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(("POST /v0/file/u/?apikey=" + ApiKeys.DEMO_KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Tinode-Auth: Token " + token + "\r\nConnection: close\r\nContent-Length: " + body.length
                + "\r\nContent-Type: ").getBytes(StandardCharsets.ISO_8859_1));
        for (byte b : type) {
            if (b != '\r' && b != '\n') {
                req.write(b);
            }
        }
        req.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        req.writeBytes(body);

        String response;
        // Jazzer's SSRF detector would report the test's own connection to its server.
        int port = server.port();
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((h, p) -> p == port);
             Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            response = new String(readAll(s.getInputStream()), StandardCharsets.ISO_8859_1);
        }
        assertThat(response).as("no HTTP response for Content-Type %s", new String(type, StandardCharsets.ISO_8859_1))
                .startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as("Content-Type %s: %s", new String(type, StandardCharsets.ISO_8859_1), response)
                .isBetween(200, 499);
        if (!failures.isEmpty()) {
            List<String> copy = new ArrayList<>(failures);
            failures.clear();
            throw new AssertionError("logged: " + copy);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (java.net.SocketException e) {
            // A reset after the response was read still leaves the response to judge.
            if (b.size() == 0) {
                throw e;
            }
        }
        return b.toByteArray();
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.server.Limits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import io.github.tinodej.transport.undertow.Multipart.Form;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEndpointTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    /** What {@code {hi}} advertises by default (Tinode's stock {@code media.max_size}, 8 MiB). */
    private static final int LIMIT = (int) Limits.STOCK.maxFileUploadSize();
    @TempDir
    Path media;
    private TinodeServer server;
    private String base;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        LocalTransport local = new LocalTransport();
        server = TestServers.builder()
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                .transport(local)
                .media(new FileSystemMediaStore(media))
                .limits(Limits.STOCK)
                .build().start();
        base = "http://127.0.0.1:" + server.port();
        try (TestClient c = new TestClient(local)) {
            c.hi();
            c.createBasic("uploader", "uploader-secret");
            token = c.token();
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> upload(byte[] content, String filename, String partType, boolean auth, String extraFields)
            throws Exception {
        Form form = multipart(content, filename, partType, extraFields);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + KEY))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (auth) {
            b.header("X-Tinode-Auth", "Token " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Form multipart(byte[] content, String filename, String partType, String extraFields) {
        return Multipart.form(content, filename, partType, extraFields);
    }

    private static String field(String name, String value) {
        return Multipart.field(name, value);
    }

    private String urlOf(HttpResponse<String> r) {
        JsonObject ctrl = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("ctrl");
        return ctrl.getAsJsonObject("params").get("url").getAsString();
    }

    private HttpResponse<byte[]> download(String url, boolean header) throws Exception {
        HttpRequest.Builder b;
        if (header) {
            b = HttpRequest.newBuilder(URI.create(base + url + (url.contains("?") ? "&" : "?") + "apikey=" + KEY))
                    .header("X-Tinode-Auth", "Token " + token);
        } else {
            // The JS SDK's authorizeURL(): token in the query, percent-encoded.
            b = HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY + "&auth=token&secret="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void uploadThenDownload_byHeaderAndByQuery() throws Exception {
        byte[] content = "hello file".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> up = upload(content, "../../etc/passwd", "application/x-evil", true, field("id", "77"));
        assertThat(up.statusCode()).isEqualTo(200);
        JsonObject ctrl = JsonParser.parseString(up.body()).getAsJsonObject().getAsJsonObject("ctrl");
        assertThat(ctrl.get("id").getAsString()).isEqualTo("77");
        String url = urlOf(up);
        assertThat(url).matches("/v0/file/s/[-_A-Za-z0-9]{11}\\.txt");
        HttpResponse<byte[]> byHeader = download(url, true);
        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(byHeader.body()).isEqualTo(content);
        // Text is never rendered inline by the browser, whatever the uploader claimed.
        assertThat(byHeader.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(byHeader.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download(url, false).body()).isEqualTo(content);
        // No file name from the client ever reaches the disk.
        try (Stream<Path> files = Files.list(media)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("passwd"));
        }
    }

    @Test
    void html_forcedToDownload() throws Exception {
        String url = urlOf(upload("<html><script>alert(1)</script></html>".getBytes(), "x.png", "image/png", true, ""));
        HttpResponse<byte[]> r = download(url, true);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
    }

    @Test
    void image_previewServed() throws Exception {
        BufferedImage img = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        String url = urlOf(upload(png.toByteArray(), "photo.bin", "application/octet-stream", true, ""));
        assertThat(url).endsWith(".png");
        HttpResponse<byte[]> full = download(url, true);
        assertThat(full.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(full.headers().firstValue("Content-Disposition")).isEmpty();
        HttpResponse<byte[]> preview = download(url + "?preview=1", true);
        assertThat(preview.statusCode()).isEqualTo(200);
        BufferedImage small = ImageIO.read(new java.io.ByteArrayInputStream(preview.body()));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isLessThanOrEqualTo(256);
    }

    @Test
    void etag_notModified() throws Exception {
        String url = urlOf(upload("abc".getBytes(), "a.txt", "text/plain", true, ""));
        String etag = download(url, true).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                .header("X-Tinode-Auth", "Token " + token).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void upload5MB_roundTripsByteForByte() throws Exception {
        // Above Undertow's 2 MiB default entity limit, well below the advertised 8 MiB.
        byte[] photo = randomBytes(5 * 1024 * 1024);
        HttpResponse<String> up = upload(photo, "photo.jpg", "image/jpeg", true, "");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        HttpResponse<byte[]> down = download(urlOf(up), true);
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(photo);
    }

    @Test
    void uploadExactlyAtLimit_accepted() throws Exception {
        byte[] content = randomBytes(LIMIT);
        HttpResponse<String> up = upload(content, "max.bin", "application/octet-stream", true, "");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        assertThat(download(urlOf(up), true).body()).isEqualTo(content);
    }

    @Test
    void uploadOneByteOverLimit_413CtrlBody_connectionUsable() throws Exception {
        HttpResponse<String> r = upload(randomBytes(LIMIT + 1), "big.bin", "application/octet-stream", true, field("id", "9"));
        assertTooLarge(r);
        try (Stream<Path> files = Files.list(media)) {
            assertThat(files).isEmpty();
        }
        // The same client (and its pooled connection) goes on working.
        assertThat(upload("after".getBytes(), "a.txt", "text/plain", true, "").statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedUploadOverLimit_413CtrlBody() throws Exception {
        // No Content-Length: the limit can only be noticed while the body streams in.
        Form form = multipart(randomBytes(LIMIT + 1), "big.bin", "application/octet-stream", "");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + KEY))
                .header("Content-Type", form.contentType())
                .header("X-Tinode-Auth", "Token " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(form.body()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTooLarge(r);
        assertThat(upload("after".getBytes(), "a.txt", "text/plain", true, "").statusCode()).isEqualTo(200);
    }

    @Test
    void contentLengthFarOverLimit_413FromTheHeadersAlone_connectionClosed() throws Exception {
        // A raw socket, because the point is what the server does before any body byte arrives
        // (and java.net.http's Expect: 100-continue support hangs on a final answer here on JDK 17).
        long claimed = 100L * 1024 * 1024;
        try (Socket sock = new Socket("127.0.0.1", server.port())) {
            sock.setSoTimeout(10_000);
            String head = "POST /v0/file/u/?apikey=" + KEY + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nX-Tinode-Auth: Token " + token + "\r\n"
                    + "Content-Length: " + claimed + "\r\n\r\n";
            sock.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            String response = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413 ").containsIgnoringCase("\r\nConnection: close\r\n");
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("ctrl").get("text").getAsString())
                    .isEqualTo("too large");
        }
        try (Stream<Path> files = Files.list(media)) {
            assertThat(files).isEmpty();
        }
    }

    /** One HTTP/1.1 response read off a socket: status line and headers, then Content-Length bytes. */
    private record RawResponse(String head, String body) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String ctrlText() {
            return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("ctrl").get("text").getAsString();
        }
    }

    private static RawResponse readResponse(java.io.InputStream in) throws java.io.IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after " + head);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\r\nContent-Length: *(\\d+)").matcher(h);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return new RawResponse(h, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** An upload's request line and headers, sent without its body. */
    private void sendUploadHead(Socket sock, String apiKey, String auth, long contentLength) throws Exception {
        String head = "POST /v0/file/u/?apikey=" + apiKey + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\n"
                + (auth == null ? "" : "X-Tinode-Auth: " + auth + "\r\n")
                + (contentLength < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + contentLength + "\r\n")
                + "\r\n";
        sock.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        sock.getOutputStream().flush();
    }

    @Test
    void badApiKey_403BeforeTheBodyIsSent_bodyDrainedAndConnectionKept() throws Exception {
        try (Socket sock = new Socket("127.0.0.1", server.port())) {
            // Were the body read first, the server would wait for it and the read would time out.
            sock.setSoTimeout(5_000);
            byte[] body = randomBytes(50_000);
            sendUploadHead(sock, "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6L", "Token " + token, body.length);
            RawResponse refused = readResponse(sock.getInputStream());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.head()).containsIgnoringCase("\r\nContent-Type: application/json");
            assertThat(refused.ctrlText()).isEqualTo("valid API key required");
            // The client sends its body anyway; it is dropped and the connection serves the next request.
            sock.getOutputStream().write(body);
            sock.getOutputStream().write(("GET /v0/file/s/AAAAAAAAAAA.txt?apikey=" + KEY + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Tinode-Auth: Token " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(sock.getInputStream()).status()).isEqualTo(404);
        }
        try (Stream<Path> files = Files.list(media)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void forgedToken_401BeforeTheBodyIsSent_hugeBodyNeverRead() throws Exception {
        try (Socket sock = new Socket("127.0.0.1", server.port())) {
            sock.setSoTimeout(5_000);
            sendUploadHead(sock, KEY, "Token AAAA" + token.substring(4), 100L * 1024 * 1024);
            RawResponse refused = readResponse(sock.getInputStream());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.ctrlText()).isEqualTo("authentication failed");
            // Far more than an upload may be: not worth reading, the connection closes instead.
            assertThat(refused.head()).containsIgnoringCase("\r\nConnection: close\r\n");
            assertThat(sock.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void chunkedUploadWithMalformedSecret_400BeforeTheBody_connectionClosed() throws Exception {
        try (Socket sock = new Socket("127.0.0.1", server.port())) {
            sock.setSoTimeout(5_000);
            sendUploadHead(sock, KEY, "Token ***", -1);
            RawResponse refused = readResponse(sock.getInputStream());
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.ctrlText()).isEqualTo("malformed");
            assertThat(sock.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void uploadAllowanceUsedUp_429BeforeTheBody_otherUsersStillUpload() throws Exception {
        server.close();
        LocalTransport local = new LocalTransport();
        server = TestServers.builder()
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                .transport(local)
                .media(new FileSystemMediaStore(media))
                .rateLimits(io.github.tinodej.server.RateLimits.DEFAULTS.withUploadBytes(
                        io.github.tinodej.server.RateLimits.Rate.of(1 << 20, java.time.Duration.ofHours(1))))
                .build().start();
        base = "http://127.0.0.1:" + server.port();
        String other;
        try (TestClient c = new TestClient(local); TestClient d = new TestClient(local)) {
            c.hi();
            c.createBasic("uploader", "uploader-secret");
            token = c.token();
            d.hi();
            d.createBasic("another", "another-secret");
            other = d.token();
        }
        assertThat(upload(randomBytes(600_000), "a.bin", "application/octet-stream", true, "").statusCode()).isEqualTo(200);
        HttpResponse<String> over = upload(randomBytes(600_000), "b.bin", "application/octet-stream", true, "");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.body()).contains("\"code\":429").contains("too many requests");
        token = other;
        assertThat(upload(randomBytes(600_000), "c.bin", "application/octet-stream", true, "").statusCode()).isEqualTo(200);
    }

    private static void assertTooLarge(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonObject ctrl = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("ctrl");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(413);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("too large");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }

    @Test
    void unauthenticated_401_butSignUpAvatarAllowed() throws Exception {
        HttpResponse<String> r = upload("x".getBytes(), "a.txt", "text/plain", false, "");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("authentication required");
        HttpResponse<String> avatar = upload("x".getBytes(), "a.txt", "text/plain", false, field("topic", "newacc"));
        assertThat(avatar.statusCode()).isEqualTo(200);
    }

    @Test
    void badCredentialsAndKeys_rejected() throws Exception {
        String url = urlOf(upload("abc".getBytes(), "a.txt", "text/plain", true, ""));
        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(base + url))
                .header("X-Tinode-Auth", "Token " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(403);
        HttpResponse<String> noAuth = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noAuth.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                .header("X-Tinode-Auth", "Token AAAA" + token.substring(4)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                .header("X-Tinode-Auth", "Token ***").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/v0/file/s/AAAAAAAAAAA.txt?apikey="
                + KEY)).header("X-Tinode-Auth", "Token " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpResponse<String> traversal = http.send(HttpRequest.newBuilder(URI.create(base + "/v0/file/s/..%2F..%2Fpom.xml?apikey="
                + KEY)).header("X-Tinode-Auth", "Token " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(traversal.statusCode()).isEqualTo(404);
    }

    @Test
    void rangeRequests_partialContent() throws Exception {
        String url = urlOf(upload("0123456789".getBytes(), "digits.txt", "text/plain", true, ""));
        HttpResponse<String> part = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                .header("X-Tinode-Auth", "Token " + token).header("Range", "bytes=2-5").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("2345");
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 2-5/10");
        HttpResponse<String> tail = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                .header("X-Tinode-Auth", "Token " + token).header("Range", "bytes=-3").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tail.body()).isEqualTo("789");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY))
                .header("X-Tinode-Auth", "Token " + token).header("Range", "bytes=20-30").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(416);
    }

    @Test
    void liveLongPollSession_authorisesDownload() throws Exception {
        String url = urlOf(upload("by-session".getBytes(), "s.txt", "text/plain", true, ""));
        String lp = base + "/v0/channels/lp?apikey=" + KEY;
        String created = http.send(HttpRequest.newBuilder(URI.create(lp)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String sid = JsonParser.parseString(created).getAsJsonObject().getAsJsonObject("ctrl").getAsJsonObject("params")
                .get("sid").getAsString();
        // Before login the session proves nothing.
        HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY + "&sid=" + sid))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(401);
        http.send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString(
                "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString(
                "{\"login\":{\"id\":\"2\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Read the two replies so the login has certainly been processed.
        for (int i = 0; i < 2; i++) {
            http.send(HttpRequest.newBuilder(URI.create(lp + "&sid=" + sid)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY + "&sid=" + sid))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("by-session");
    }
}

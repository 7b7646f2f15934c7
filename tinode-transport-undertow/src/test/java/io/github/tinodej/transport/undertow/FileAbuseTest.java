package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.server.Limits;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import io.github.tinodej.transport.undertow.Multipart.Form;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file endpoints against hostile clients: path names (reliability.md IN-14), bodies over the
 * limit and their temporary files (IN-15), content types that lie (IN-16), accounts that are gone
 * (AZ-07), strangers (AZ-10) and password guessing over HTTP (AB-01).
 */
class FileAbuseTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    /** Small, so bodies over it are quick to send. */
    private static final int LIMIT = 100_000;
    private static final Duration READ_TIMEOUT = Duration.ofMillis(800);
    @TempDir
    Path root;
    private Path uploads;
    private Path spool;
    private String oldTmpDir;
    private final MemoryStore store = new MemoryStore();
    private TinodeServer server;
    private LocalTransport local;
    private String base;
    private String token;
    private String userId;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        uploads = Files.createDirectory(root.resolve("uploads"));
        // Undertow spools multipart parts under java.io.tmpdir, read per request: point it here
        // so the test can see what is left behind.
        spool = Files.createDirectory(root.resolve("spool"));
        oldTmpDir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", spool.toString());
        local = new LocalTransport();
        server = TestServers.builder()
                .store(store)
                .transport(UndertowTransport.builder().host("127.0.0.1").port(0).readTimeout(READ_TIMEOUT).build())
                .transport(local)
                .media(new FileSystemMediaStore(uploads))
                .limits(Limits.STOCK.withMaxFileUploadSize(LIMIT))
                .rateLimits(RateLimits.DEFAULTS.withLoginFailuresPerAccount(RateLimits.Rate.of(5, Duration.ofMinutes(15))))
                .build().start();
        base = "http://127.0.0.1:" + server.port();
        try (TestClient c = new TestClient(local)) {
            c.hi();
            c.createBasic("uploader", "uploader-secret");
            token = c.token();
            userId = c.userId();
        }
    }

    @AfterEach
    void stop() {
        server.close();
        System.setProperty("java.io.tmpdir", oldTmpDir);
    }

    private HttpResponse<String> upload(byte[] content, String filename, String partType, String auth) throws Exception {
        Form form = Multipart.form(content, filename, partType, "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + KEY))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (auth != null) {
            b.header("X-Tinode-Auth", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> download(String url, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + url + "?apikey=" + KEY));
        if (auth != null) {
            b.header("X-Tinode-Auth", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String urlOf(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("ctrl").getAsJsonObject("params")
                .get("url").getAsString();
    }

    private static int ctrlCode(String body) {
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("ctrl").get("code").getAsInt();
    }

    /**
     * The regular files under {@code dir} now. The server deletes spooled parts while this walks,
     * so a file that vanishes between listing and visiting means "walk again", not an error.
     */
    private List<Path> filesUnder(Path dir) throws IOException {
        while (true) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).toList();
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    // ---- IN-14 ----

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..\\..\\windows\\win.ini", "C:\\x\\evil.png", "/etc/shadow",
        "a\u0000b.png", "name\"; filename=\"other.png", "\u202egnp.exe", "%2e%2e%2fx.png", ""})
    void hostileFileName_storedUnderAServerMadeName_nothingOutsideTheUploadFolder(String name) throws Exception {
        HttpResponse<String> up = upload("plain bytes".getBytes(StandardCharsets.UTF_8), name, "text/plain", "Token " + token);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        String url = urlOf(up);
        assertThat(url).matches("/v0/file/s/[-_A-Za-z0-9]{11}\\.txt");
        HttpResponse<byte[]> down = download(url, "Token " + token);
        String id = url.substring("/v0/file/s/".length());
        assertThat(down.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"" + id + "\"");
        // Only the server's own names, and only in the upload folder.
        assertThat(filesUnder(root)).allSatisfy(p -> {
            assertThat(p.getParent()).isIn(uploads, spool);
            assertThat(p.getFileName().toString()).matches("[-_A-Za-z0-9]{11}(\\.json|\\.preview)?");
        });
    }

    @Test
    void tenKilobyteFileName_accepted_nameNotKept() throws Exception {
        String name = "n".repeat(10_240) + ".png";
        HttpResponse<String> up = upload(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}, name, "image/png", "Token " + token);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(filesUnder(uploads)).noneMatch(p -> p.toString().contains("nnnnnnnn"));
        assertThat(Files.readString(uploads.resolve(urlOf(up).substring(11, 22) + ".json"))).doesNotContain("nnnnnnnn");
    }

    // ---- IN-15 ----

    @Test
    void declaredOverLimit_413_noTemporaryOrStoredFile() throws Exception {
        HttpResponse<String> r = upload(new byte[LIMIT + 1], "big.bin", "application/octet-stream", "Token " + token);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ctrlCode(r.body())).isEqualTo(413);
        awaitEmpty(spool);
        assertThat(filesUnder(uploads)).isEmpty();
    }

    @Test
    void chunkedBodyCrossingTheLimit_413BeforeTheClientFinishes_temporaryFileDeleted() throws Exception {
        try (Socket sock = new Socket("127.0.0.1", server.port())) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            out.write(("POST /v0/file/u/?apikey=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nX-Tinode-Auth: Token " + token + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] partHead = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            chunk(out, partHead);
            // Twice the limit, in 8 KiB chunks; the body never ends (no closing boundary, no last chunk).
            byte[] piece = new byte[8192];
            try {
                for (int sent = 0; sent < 2 * LIMIT + 70_000; sent += piece.length) {
                    chunk(out, piece);
                }
            } catch (IOException e) {
                // The server may stop reading once it has answered.
            }
            String response = new String(sock.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(response).isEqualTo("HTTP/1.1 413");
        }
        awaitEmpty(spool);
        assertThat(filesUnder(uploads)).isEmpty();
    }

    @Test
    void clientGoesAwayMidBody_temporaryFileDeleted_nothingStored() throws Exception {
        try (Socket sock = new Socket("127.0.0.1", server.port())) {
            OutputStream out = sock.getOutputStream();
            out.write(("POST /v0/file/u/?apikey=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nX-Tinode-Auth: Token " + token + "\r\n"
                    + "Content-Length: " + (LIMIT / 2) + "\r\n\r\n"
                    + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[LIMIT / 4]);
            out.flush();
        }
        awaitEmpty(spool);
        assertThat(filesUnder(uploads)).isEmpty();
        // The endpoint still works.
        assertThat(upload("ok".getBytes(), "a.txt", "text/plain", "Token " + token).statusCode()).isEqualTo(200);
    }

    /**
     * Uploads read on Undertow's few worker threads (four on two cores): a handful that stop
     * sending used to hold them all, and every file transfer waited for ever. (AB-04 too.)
     */
    @Test
    void stalledUploads_moreThanTheWorkers_cutAfterTheReadTimeout_othersGoOn() throws Exception {
        List<Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                Socket sock = new Socket("127.0.0.1", server.port());
                sock.getOutputStream().write(("POST /v0/file/u/?apikey=" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\nX-Tinode-Auth: Token " + token + "\r\n"
                        + "Content-Length: 50000\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; "
                        + "filename=\"f.bin\"\r\n\r\nfirst bytes, then nothing").getBytes(StandardCharsets.US_ASCII));
                sock.getOutputStream().flush();
                stalled.add(sock);
            }
            long t0 = System.nanoTime();
            Form form = Multipart.form("meanwhile".getBytes(), "m.txt", "text/plain", "");
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + KEY))
                    .header("Content-Type", form.contentType()).header("X-Tinode-Auth", "Token " + token)
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(READ_TIMEOUT.multipliedBy(6));
            for (Socket sock : stalled) {
                sock.setSoTimeout(10_000);
                // Closed by the server: end of stream (or a reset), not a read timeout here. When
                // the cut races with the body parser, an error status may come first (seen in CI:
                // 'H' of "HTTP/1.1 4.."): then the stream must still end, and never with a success.
                try {
                    byte[] answer = sock.getInputStream().readAllBytes();
                    String text = new String(answer, StandardCharsets.US_ASCII);
                    assertThat(answer.length == 0 || text.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*"))
                            .as("what the server sent before closing: %s", text).isTrue();
                } catch (java.net.SocketException e) {
                    // Reset: closed as well.
                }
            }
        } finally {
            for (Socket sock : stalled) {
                sock.close();
            }
        }
        awaitEmpty(spool);
        assertThat(filesUnder(uploads)).hasSize(2);
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Polls a folder the server cleans up after the exchange ends (no event to wait on), 10 s at most. */
    private void awaitEmpty(Path dir) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!filesUnder(dir).isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertThat(filesUnder(dir)).isEmpty();
    }

    // ---- IN-16 ----

    static Stream<Arguments> spoofs() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
        return Stream.of(
            // bytes, declared type, served type, forced download
            Arguments.of("<!DOCTYPE html><script>alert(1)</script>", "image/png", "text/html", true),
            Arguments.of("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "image/png", "text/xml", true),
            Arguments.of("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>", "image/svg+xml", "text/xml", true),
            Arguments.of("alert(document.cookie)", "image/png", "text/plain", true),
            Arguments.of("<html><body>hi</body></html>", "text/html", "text/html", true),
            Arguments.of("GIF89a/*\u0001\u0002*/=alert(1)//", "application/javascript", "image/gif", false),
            Arguments.of(new String(png, StandardCharsets.ISO_8859_1), "text/html", "image/png", false),
            Arguments.of("%PDF-1.7\n%\u00e2\u00e3", "image/png", "application/pdf", true),
            Arguments.of("\u0000\u0001\u0002\u0003binary", "text/html", "application/octet-stream", true),
            Arguments.of("\u0000\u0001\u0002\u0003binary", "image/svg+xml", "application/octet-stream", true),
            Arguments.of("\u0000\u0001\u0002\u0003binary", "video/mp4", "video/mp4", false));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("spoofs")
    void declaredType_ignoredForTheBytes_markupForcedToDownload_nosniff(String bytes, String declared, String served,
            boolean attachment) throws Exception {
        HttpResponse<String> up = upload(bytes.getBytes(StandardCharsets.ISO_8859_1), "x", declared, "Token " + token);
        assertThat(up.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> down = download(urlOf(up), "Token " + token);
        assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(served));
        assertThat(down.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(down.headers().firstValue("Content-Disposition").map(v -> v.startsWith("attachment")).orElse(false))
                .isEqualTo(attachment);
    }

    // ---- AZ-07 ----

    @Test
    void tokenOfSuspendedOrDeletedUser_refusedForUploadAndDownload() throws Exception {
        String url = urlOf(upload("mine".getBytes(), "a.txt", "text/plain", "Token " + token));
        Uid uid = Uid.parseUserId(userId);
        store.updateUser(store.getUser(uid).orElseThrow().withState(ObjectState.SUSPENDED, Instant.now()));
        assertThat(upload("x".getBytes(), "b.txt", "text/plain", "Token " + token).statusCode()).isEqualTo(403);
        assertThat(download(url, "Token " + token).statusCode()).isEqualTo(403);

        store.updateUser(store.getUser(uid).orElseThrow().withState(ObjectState.DELETED, Instant.now()));
        assertThat(upload("x".getBytes(), "b.txt", "text/plain", "Token " + token).statusCode()).isEqualTo(403);
        assertThat(download(url, "Token " + token).statusCode()).isEqualTo(403);

        // Gone for good: Go's "user not found", still no file.
        store.deleteUser(uid, true);
        assertThat(upload("x".getBytes(), "b.txt", "text/plain", "Token " + token).statusCode()).isEqualTo(404);
        assertThat(download(url, "Token " + token).statusCode()).isEqualTo(404);
    }

    // ---- AZ-10 ----

    @Test
    void downloadByAnyAuthenticatedUser_allowedAsInTinode_anonymousRefused() throws Exception {
        String url = urlOf(upload("shared by link".getBytes(), "a.txt", "text/plain", "Token " + token));
        String stranger;
        try (TestClient c = new TestClient(local)) {
            c.hi();
            c.createBasic("stranger", "stranger-secret");
            stranger = c.token();
        }
        // A capability URL: whoever is logged in and has it may fetch it, member or not (Tinode).
        assertThat(download(url, "Token " + stranger).statusCode()).isEqualTo(200);
        assertThat(download(url, null).statusCode()).isEqualTo(401);
        assertThat(upload("x".getBytes(), "b.txt", "text/plain", null).statusCode()).isEqualTo(401);
    }

    // ---- AB-01 ----

    @Test
    void passwordGuessingOverHttpBasic_limitedPerAccount_rightPasswordElsewhereStillWorks() throws Exception {
        String url = urlOf(upload("guarded".getBytes(), "a.txt", "text/plain", "Token " + token));
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            int code = download(url, "Basic " + b64("uploader:guess-" + i)).statusCode();
            assertThat(code).isIn(401, 429);
            refused += code == 429 ? 1 : 0;
        }
        // Five failures per login and address, then 429 without checking the password.
        assertThat(refused).isEqualTo(3);
        assertThat(download(url, "Basic " + b64("uploader:uploader-secret")).statusCode()).isEqualTo(429);
        // The owner is not locked out: over WebSocket or from another address the password works.
        try (TestClient c = new TestClient(local, "192.0.2.7")) {
            c.hi();
            assertThat(c.loginBasic("uploader", "uploader-secret").get("code").getAsInt()).isEqualTo(200);
        }
        assertThat(download(url, "Token " + token).statusCode()).isEqualTo(200);
    }

    /** Tokens cannot be guessed: a page of images fetched with a bad one must not lock the address out. */
    @Test
    void manyDownloadsWithABadToken_401Each_passwordLoginFromTheAddressStillWorks() throws Exception {
        String url = urlOf(upload("picture".getBytes(), "a.txt", "text/plain", "Token " + token));
        String forged = "AAAA" + token.substring(4);
        for (int i = 0; i < 60; i++) {
            assertThat(download(url, "Token " + forged).statusCode()).isEqualTo(401);
        }
        assertThat(download(url, "Basic " + b64("uploader:uploader-secret")).statusCode()).isEqualTo(200);
    }

    /** Found by UploadFuzzTest: an empty or missing boundary is the client's mistake, not a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data", "multipart/form-data; boundary=;", "text/plain"})
    void badOrEmptyBoundary_400(String contentType) throws Exception {
        Form form = Multipart.form("x".getBytes(StandardCharsets.UTF_8), "x.txt", "text/plain", "");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + KEY))
                .header("Content-Type", contentType).header("X-Tinode-Auth", "Token " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(ctrlCode(r.body())).isEqualTo(400);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unused")
    private static JsonObject ctrl(String body) {
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("ctrl");
    }
}

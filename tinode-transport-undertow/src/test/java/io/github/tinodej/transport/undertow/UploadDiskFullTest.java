package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.media.FileSystemMediaStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.testing.TinyFs;
import io.github.tinodej.transport.LocalTransport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FT-05 over HTTP: the upload folder is full, then read-only. The uploader gets Tinode's 500 with
 * a {@code {ctrl}} body, no partial file stays, messages keep flowing meanwhile, and uploads work
 * again once there is space, without a restart.
 */
class UploadDiskFullTest {
    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void upload_folderFullThenReadOnly_500WithCtrlBody_noPartialFile_messagesStillFlow() throws Exception {
        LocalTransport local = new LocalTransport();
        try (TinyFs fs = TinyFs.mount(tmp.resolve("media"), 64);
             TinodeServer server = TestServers.builder()
                     .transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                     .transport(local)
                     .media(new FileSystemMediaStore(fs.dir()))
                     .build().start();
             TestClient c = new TestClient(local)) {
            String base = "http://127.0.0.1:" + server.port();
            c.hi();
            c.createBasic("diskfull", "diskfull-secret");
            String token = c.token();
            JsonObject sub = c.request("sub", TestClient.json("{\"id\":\"s\",\"topic\":\"new\"}"));
            String grp = sub.get("topic").getAsString();
            byte[] big = new byte[16 * TinyFs.PAGE];
            new Random(1).nextBytes(big);

            fs.leaveFree(4);
            long t0 = System.nanoTime();
            HttpResponse<String> full = upload(base, token, big);
            long fullMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(full.statusCode()).isEqualTo(500);
            JsonObject ctrl = JsonParser.parseString(full.body()).getAsJsonObject().getAsJsonObject("ctrl");
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(500);
            assertThat(ctrl.get("text").getAsString()).isEqualTo("internal error");
            assertThat(ctrl.get("id").getAsString()).isEqualTo("up1");
            assertThat(fs.files()).as("files left by the failed upload").isEmpty();
            // Messages do not depend on the upload folder.
            assertThat(pub(c, grp, "while full")).isEqualTo(202);

            fs.free();
            fs.readOnly();
            HttpResponse<String> readOnly = upload(base, token, "small".getBytes(StandardCharsets.UTF_8));
            assertThat(readOnly.statusCode()).isEqualTo(500);
            assertThat(fs.files()).isEmpty();
            assertThat(pub(c, grp, "while read-only")).isEqualTo(202);

            fs.readWrite();
            HttpResponse<String> after = upload(base, token, big);
            assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            System.out.println("FT-05 HTTP upload: folder full -> " + full.statusCode() + " in " + fullMs
                    + " ms, read-only -> " + readOnly.statusCode() + ", partial files 0, {pub} meanwhile 202, upload with"
                    + " space again -> " + after.statusCode());
        }
    }

    private static int pub(TestClient c, String topic, String content) {
        String id = c.nextId();
        c.send("{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"" + content + "\"}}");
        return c.ctrlFor(id).get("code").getAsInt();
    }

    private HttpResponse<String> upload(String base, String token, byte[] content) throws Exception {
        String boundary = "----tinodej" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nup1\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v0/file/u/?apikey=" + ApiKeys.DEMO_KEY))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Tinode-Auth", "Token " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
}

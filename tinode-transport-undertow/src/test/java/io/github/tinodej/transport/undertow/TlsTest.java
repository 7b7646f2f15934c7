package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * TLS from PEM files as Tinode's {@code tls} section gives them: a WSS client trusting the
 * self-signed test certificate talks to the server, plain HTTP is redirected, HTTPS carries HSTS.
 */
class TlsTest {
    private static final Path DIR = Path.of("src/test/resources/tls");

    /** A client context that trusts only the test certificate. */
    private static SSLContext trustingTheTestCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = java.nio.file.Files.newInputStream(DIR.resolve("cert.pem"))) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void wssWithSelfSignedCertificate_helloAnswered_httpRedirected_hsts() throws Exception {
        SSLContext server = PemTls.serverContext(DIR.resolve("cert.pem"), DIR.resolve("key-pkcs1.pem"));
        UndertowTransport transport = UndertowTransport.builder().host("127.0.0.1").port(0)
                .tls(server, 0, Duration.ofDays(7)).build();
        HttpClient client = HttpClient.newBuilder().sslContext(trustingTheTestCertificate())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try (TinodeServer s = TestServers.builder().transport(transport).build().start()) {
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("wss://127.0.0.1:" + s.port()
                    + "/v0/channels?apikey=" + ApiKeys.DEMO_KEY), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            first.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}", true);
            JsonObject ctrl = JsonParser.parseString(first.get(10, TimeUnit.SECONDS)).getAsJsonObject().getAsJsonObject("ctrl");
            assertThat(ctrl.get("id").getAsString()).isEqualTo("1");
            assertThat(ctrl.get("code").getAsInt()).isBetween(200, 201);
            ws.abort();

            HttpResponse<String> https = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port()
                    + "/nothing-here")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(https.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=604800");

            int plain = transport.redirectPort();
            assertThat(plain).isPositive().isNotEqualTo(s.port());
            HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + plain + "/v0/channels?apikey=x&a=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(redirect.statusCode()).isEqualTo(301);
            assertThat(redirect.headers().firstValue("Location"))
                    .hasValue("https://127.0.0.1:" + s.port() + "/v0/channels?apikey=x&a=1");
            assertThat(redirect.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void pemKeys_pkcs8AndPkcs1Read_otherFormsRefusedWithTheFix() {
        assertThat(PemTls.privateKey(DIR.resolve("key-pkcs8.pem")).getAlgorithm()).isEqualTo("RSA");
        assertThat(PemTls.privateKey(DIR.resolve("key-pkcs1.pem")).getEncoded())
                .isEqualTo(PemTls.privateKey(DIR.resolve("key-pkcs8.pem")).getEncoded());
        assertThatThrownBy(() -> PemTls.privateKey(DIR.resolve("key-ec-sec1.pem")))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> PemTls.serverContext(DIR.resolve("README.md"), DIR.resolve("key-pkcs8.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cert_file");
        assertThatThrownBy(() -> PemTls.privateKey(DIR.resolve("cert.pem")))
                .hasMessageContaining("holds no PEM private key");
    }
}

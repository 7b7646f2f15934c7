package io.github.tinodej.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.examples.Launcher;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential validation and password reset through the official JS SDK against the launcher
 * configured with Tinode's {@code acc_validation} section, mail going to GreenMail (a real SMTP
 * server on loopback). The Node scenario reads the mailed codes from a small HTTP endpoint of
 * this test ({@code GET /code?to=ADDRESS&n=N}, the code of the N-th message to ADDRESS).
 */
class CredentialsInteropTest {
    private static final Pattern CODE = Pattern.compile("<big>(\\d+)</big>");

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Test
    void signUpValidateAddDeleteReset_overWebSocket(@TempDir Path data) throws Exception {
        scenario(data, "ws");
    }

    @Test
    void signUpValidateAddDeleteReset_overLongPolling(@TempDir Path data) throws Exception {
        scenario(data, "lp");
    }

    private static void scenario(Path data, String transport) throws Exception {
        Path conf = data.resolve("tinode.conf");
        Files.writeString(conf, """
                {"acc_validation": {"email": {"add_to_tags": true, "required": ["auth"], "config": {
                   "host_url": "http://localhost:6060/", "smtp_server": "127.0.0.1", "smtp_port": "%d",
                   "sender": "noreply@example.com"}}},
                 "auth_config": {"code": {"expire_in": 900, "max_retries": 3, "code_length": 6}}}
                """.formatted(SMTP.getSmtp().getPort()));
        HttpServer codes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        codes.createContext("/code", CredentialsInteropTest::code);
        codes.start();
        try (TinodeServer server = Launcher.start(new Launcher.Options("127.0.0.1:0", conf, null, data))) {
            NodeScript.Result r = NodeScript.run("credentials.mjs", "127.0.0.1:" + server.port(), transport,
                    "http://127.0.0.1:" + codes.getAddress().getPort());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("\"ok\":true");
        } finally {
            codes.stop(0);
        }
    }

    /** Answers the code of the n-th message to an address, waiting up to 10 s for it to arrive. */
    private static void code(HttpExchange ex) throws IOException {
        Map<String, String> q = new HashMap<>();
        for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        String to = q.get("to");
        int n = Integer.parseInt(q.get("n"));
        String code = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (code == null && System.nanoTime() < deadline) {
                List<MimeMessage> mine = to(to);
                if (mine.size() >= n) {
                    Matcher m = CODE.matcher(GreenMailUtil.getBody(mine.get(n - 1)));
                    code = m.find() ? m.group(1) : "";
                } else {
                    // Blocks until one more message arrives (or a short while passes).
                    SMTP.waitForIncomingEmail(500, SMTP.getReceivedMessages().length + 1);
                }
            }
        } catch (MessagingException e) {
            throw new IOException(e);
        }
        byte[] body = (code == null ? "no mail" : code).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code == null ? 404 : 200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static List<MimeMessage> to(String addr) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : SMTP.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(addr)) {
                out.add(m);
            }
        }
        return out;
    }
}

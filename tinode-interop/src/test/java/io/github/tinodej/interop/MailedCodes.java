package io.github.tinodej.interop;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands the codes the server mailed to GreenMail to a Node scenario: {@code GET /code?to=ADDRESS&n=N}
 * answers the code of the N-th message to ADDRESS, waiting up to 10 s for it to arrive.
 */
final class MailedCodes implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("<big>(\\d+)</big>");
    private final GreenMailExtension smtp;
    private final HttpServer http;

    MailedCodes(GreenMailExtension smtp) throws IOException {
        this.smtp = smtp;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/code", this::code);
        http.start();
    }

    /** The endpoint's base URL, for the script's command line. */
    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void code(HttpExchange ex) throws IOException {
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
                    smtp.waitForIncomingEmail(500, smtp.getReceivedMessages().length + 1);
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

    private List<MimeMessage> to(String addr) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(addr)) {
                out.add(m);
            }
        }
        return out;
    }
}

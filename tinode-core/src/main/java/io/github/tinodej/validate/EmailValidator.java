package io.github.tinodej.validate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.store.StoreException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Tinode's {@code email} validator: sends codes through an SMTP server with Angus Mail, rendering
 * Tinode-style templates ({@link #fromTinodeConfig} takes the {@code config} object of Tinode's
 * {@code acc_validation.email} as is). The connection starts in plain text and upgrades with
 * STARTTLS when the server offers it; it authenticates only when a login is set. Messages go out
 * on the server's worker pool, so a slow SMTP server delays mail, not replies.
 *
 * <p>Thread-safe once built. The SMTP password is never logged.
 */
public final class EmailValidator extends CodeValidator {
    private static final List<String> PARTS = List.of("subject", "body_plain", "body_html");
    private static final int MAX_LENGTH = 128;

    private final String hostUrl;
    private final InternetAddress sender;
    private final List<String> domains;
    private final Session mail;
    private final String login;
    private final String password;
    private final MessageTemplates validation;
    private final MessageTemplates reset;

    private EmailValidator(Builder b) {
        super("email", b.codeLength, b.maxRetries, b.debugResponse);
        this.hostUrl = hostUrl(b.hostUrl);
        try {
            this.sender = new InternetAddress(b.sender == null ? "" : b.sender, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("email: bad sender " + b.sender + ": " + e.getMessage(), e);
        }
        this.domains = List.copyOf(b.domains);
        this.login = b.login == null || b.login.isEmpty() ? null : b.login;
        this.password = b.senderPassword == null ? "" : b.senderPassword;
        String mechanism = b.authMechanism == null ? "" : b.authMechanism.toLowerCase(Locale.ROOT);
        String angusMechanism = switch (mechanism) {
            case "", "plain" -> "PLAIN";
            case "login" -> "LOGIN";
            default -> throw new IllegalArgumentException("email: unsupported auth_mechanism " + b.authMechanism
                    + " (plain and login are; Angus Mail has no cram-md5)");
        };
        String helo = b.heloHost == null || b.heloHost.isEmpty() ? URI.create(hostUrl).getHost() : b.heloHost;
        Properties p = new Properties();
        p.put("mail.smtp.host", b.smtpServer == null ? "localhost" : b.smtpServer);
        p.put("mail.smtp.port", Integer.toString(b.smtpPort));
        p.put("mail.smtp.localhost", helo);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.auth", Boolean.toString(login != null));
        p.put("mail.smtp.auth.mechanisms", angusMechanism);
        if (b.insecureSkipVerify) {
            p.put("mail.smtp.ssl.trust", "*");
            p.put("mail.smtp.ssl.checkserveridentity", "false");
        } else {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        for (String t : List.of("connectiontimeout", "timeout", "writetimeout")) {
            p.put("mail.smtp." + t, "30000");
        }
        this.mail = Session.getInstance(p);
        this.validation = MessageTemplates.load(b.validationTemplate, b.languages, "email-validation-en.templ", PARTS);
        this.reset = MessageTemplates.load(b.resetTemplate, b.languages, "email-password-reset-en.templ", PARTS);
    }

    /** A builder with Tinode's defaults: port 25, 6 digits, 3 retries, stock templates. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * From the {@code config} object of Tinode's {@code acc_validation.email}: {@code host_url},
     * {@code smtp_server}, {@code smtp_port} (string or number), {@code sender}, {@code login},
     * {@code sender_password}, {@code auth_mechanism}, {@code smtp_helo_host},
     * {@code insecure_skip_verify}, {@code languages}, {@code validation_templ},
     * {@code reset_secret_templ}, {@code max_retries}, {@code code_length},
     * {@code debug_response}, {@code domains}. Unknown keys are ignored, as Go's JSON decoding does.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public static EmailValidator fromTinodeConfig(String json) {
        JsonObject o = JsonParser.parseString(json == null || json.isBlank() ? "{}" : json).getAsJsonObject();
        Builder b = builder();
        b.hostUrl = str(o, "host_url");
        b.smtpServer = str(o, "smtp_server");
        String port = str(o, "smtp_port");
        if (port != null && !port.isEmpty()) {
            b.smtpPort(Integer.parseInt(port));
        }
        b.sender = str(o, "sender");
        b.login = str(o, "login");
        b.senderPassword = str(o, "sender_password");
        b.authMechanism = str(o, "auth_mechanism");
        b.heloHost = str(o, "smtp_helo_host");
        b.insecureSkipVerify = o.has("insecure_skip_verify") && o.get("insecure_skip_verify").getAsBoolean();
        b.languages = list(o, "languages");
        b.validationTemplate = str(o, "validation_templ");
        b.resetTemplate = str(o, "reset_secret_templ");
        b.maxRetries = o.has("max_retries") ? o.get("max_retries").getAsInt() : 0;
        b.codeLength = o.has("code_length") ? o.get("code_length").getAsInt() : 0;
        b.debugResponse = str(o, "debug_response");
        b.domains = list(o, "domains");
        return b.build();
    }

    private static String str(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static List<String> list(JsonObject o, String k) {
        List<String> out = new ArrayList<>();
        if (o.get(k) instanceof JsonArray a) {
            a.forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    /** Tinode's {@code ValidateHostURL}: absolute, with a host, no fragment; an empty path becomes "/". */
    static String hostUrl(String url) {
        try {
            URI u = new URI(url == null ? "" : url);
            if (!u.isAbsolute() || u.getHost() == null || u.getHost().isEmpty()) {
                throw new IllegalArgumentException("host_url must be an absolute URL with a host: " + url);
            }
            if (u.getFragment() != null) {
                throw new IllegalArgumentException("fragment is not allowed in host_url: " + url);
            }
            if (u.getRawPath() == null || u.getRawPath().isEmpty()) {
                u = new URI(u.getScheme(), u.getRawAuthority(), "/", u.getRawQuery(), null);
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad host_url " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String preCheck(String value, Map<String, String> params) {
        if (value == null || value.length() > MAX_LENGTH) {
            throw new StoreException(StoreException.Kind.MALFORMED, "address too long");
        }
        String addr;
        try {
            InternetAddress a = new InternetAddress(value, true);
            // A bare address only: no display name, no angle brackets, nothing around it.
            if (a.getPersonal() != null || !value.equals(a.getAddress()) || value.indexOf('@') < 1) {
                throw new StoreException(StoreException.Kind.MALFORMED, "not a bare address");
            }
            addr = value.toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            throw new StoreException(StoreException.Kind.MALFORMED, "not an address");
        }
        if (!domains.isEmpty() && !domains.contains(addr.substring(addr.lastIndexOf('@') + 1))) {
            throw new StoreException(StoreException.Kind.POLICY, "domain not allowed");
        }
        return method() + ":" + addr;
    }

    @Override
    protected String normalize(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    protected void sendCode(String to, String lang, String code, String token) throws MessagingException {
        send(to, validation.forLanguage(lang), Map.of("Code", code, "HostUrl", hostUrl, "Token", token));
    }

    @Override
    protected void sendReset(String to, String scheme, String lang, String code, String login)
            throws MessagingException {
        send(to, reset.forLanguage(lang), Map.of("Login", login, "Code", code, "Cred", to, "Scheme", scheme,
                "HostUrl", hostUrl));
    }

    private void send(String to, GoTemplate t, Map<String, String> data) throws MessagingException {
        String subject = t.render("subject", data);
        String plain = t.render("body_plain", data);
        String html = t.render("body_html", data);
        MimeMessage m = new MimeMessage(mail);
        m.setFrom(sender);
        // CR/LF in an address could add headers; Tinode blanks them, InternetAddress rejects them.
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to.replace('\r', ' ').replace('\n', ' ')));
        m.setSubject(subject, "UTF-8");
        if (html.isEmpty()) {
            m.setText(plain, "UTF-8");
        } else if (plain.isEmpty()) {
            m.setText(html, "UTF-8", "html");
        } else {
            MimeMultipart alt = new MimeMultipart("alternative");
            MimeBodyPart p = new MimeBodyPart();
            p.setText(plain, "UTF-8");
            MimeBodyPart h = new MimeBodyPart();
            h.setText(html, "UTF-8", "html");
            alt.addBodyPart(p);
            alt.addBodyPart(h);
            m.setContent(alt);
        }
        if (login != null) {
            Transport.send(m, login, password);
        } else {
            Transport.send(m);
        }
    }

    /** Settings of an {@link EmailValidator}, named after Tinode's config keys. Not thread-safe. */
    public static final class Builder {
        private String hostUrl;
        private String smtpServer;
        private int smtpPort = 25;
        private String sender;
        private String login;
        private String senderPassword;
        private String authMechanism;
        private String heloHost;
        private boolean insecureSkipVerify;
        private List<String> languages = List.of();
        private String validationTemplate;
        private String resetTemplate;
        private int maxRetries;
        private int codeLength;
        private String debugResponse;
        private List<String> domains = List.of();

        private Builder() {
        }

        /** {@code host_url}: the web client's base URL for links (required). */
        public Builder hostUrl(String v) {
            hostUrl = v;
            return this;
        }

        /** {@code smtp_server} and {@code smtp_port} (Tinode's default port 25). */
        public Builder smtp(String server, int port) {
            smtpServer = server;
            return smtpPort(port);
        }

        private Builder smtpPort(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("email: smtp_port must be 1..65535: " + port);
            }
            smtpPort = port;
            return this;
        }

        /** {@code sender}: the RFC 5322 From address, e.g. {@code "Chat" <noreply@example.com>} (required). */
        public Builder sender(String v) {
            sender = v;
            return this;
        }

        /** {@code login}, {@code sender_password}, {@code auth_mechanism} ({@code plain} or {@code login}). */
        public Builder auth(String login, String password, String mechanism) {
            this.login = login;
            this.senderPassword = password;
            this.authMechanism = mechanism;
            return this;
        }

        /** {@code smtp_helo_host}; default the host of {@code host_url}. */
        public Builder heloHost(String v) {
            heloHost = v;
            return this;
        }

        /** {@code insecure_skip_verify}: accept any STARTTLS certificate (testing only). */
        public Builder insecureSkipVerify(boolean v) {
            insecureSkipVerify = v;
            return this;
        }

        /**
         * {@code languages}, {@code validation_templ}, {@code reset_secret_templ}: template paths,
         * themselves templates over {@code .Language}; null paths use tinodej's English defaults.
         */
        public Builder templates(List<String> languages, String validationPath, String resetPath) {
            this.languages = List.copyOf(languages);
            this.validationTemplate = validationPath;
            this.resetTemplate = resetPath;
            return this;
        }

        /** {@code code_length} (0: 6), {@code max_retries} (0: 3), {@code debug_response} (never in production). */
        public Builder codes(int codeLength, int maxRetries, String debugResponse) {
            this.codeLength = codeLength;
            this.maxRetries = maxRetries;
            this.debugResponse = debugResponse;
            return this;
        }

        /** {@code domains}: if not empty, only addresses in these domains are accepted (else 422). */
        public Builder domains(List<String> v) {
            domains = v.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
            return this;
        }

        /** Builds and checks the settings (templates are read now). */
        public EmailValidator build() {
            return new EmailValidator(this);
        }
    }
}

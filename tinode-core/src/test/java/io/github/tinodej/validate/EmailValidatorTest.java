package io.github.tinodej.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration and address checks of the e-mail validator (sending is in EmailValidationTest). */
class EmailValidatorTest {
    private static final String BASE = "\"host_url\":\"http://localhost:6060\",\"sender\":\"\\\"Tinode\\\" <noreply@example.com>\"";

    @Test
    void preCheck_bareAddressLowerCasedAndPrefixed() {
        EmailValidator v = EmailValidator.fromTinodeConfig("{" + BASE + ",\"domains\":[\"example.com\"]}");
        assertThat(v.preCheck("Alice@Example.COM", Map.of())).isEqualTo("email:alice@example.com");
        assertThat(kind(() -> v.preCheck("Alice <alice@example.com>", Map.of()))).isEqualTo(StoreException.Kind.MALFORMED);
        assertThat(kind(() -> v.preCheck("alice", Map.of()))).isEqualTo(StoreException.Kind.MALFORMED);
        assertThat(kind(() -> v.preCheck("a".repeat(120) + "@example.com", Map.of())))
                .isEqualTo(StoreException.Kind.MALFORMED);
        assertThat(kind(() -> v.preCheck("alice@example.org", Map.of()))).isEqualTo(StoreException.Kind.POLICY);
    }

    @Test
    void tinodeConfig_defaultsAndChecks() {
        EmailValidator v = EmailValidator.fromTinodeConfig("{" + BASE + ",\"smtp_port\":\"2525\",\"unknown\":1}");
        assertThat(v.codeLength()).isEqualTo(6);
        assertThat(v.maxRetries()).isEqualTo(3);
        assertThat(EmailValidator.fromTinodeConfig("{" + BASE + ",\"code_length\":8,\"max_retries\":5}").codeLength())
                .isEqualTo(8);
        assertThatThrownBy(() -> EmailValidator.fromTinodeConfig("{\"sender\":\"a@b.c\"}"))
                .hasMessageContaining("host_url");
        assertThatThrownBy(() -> EmailValidator.fromTinodeConfig("{\"host_url\":\"http://h/#x\",\"sender\":\"a@b.c\"}"))
                .hasMessageContaining("fragment");
        assertThatThrownBy(() -> EmailValidator.fromTinodeConfig("{" + BASE + ",\"auth_mechanism\":\"cram-md5\","
                + "\"login\":\"x\"}")).hasMessageContaining("cram-md5");
        assertThat(EmailValidator.hostUrl("http://localhost:6060")).isEqualTo("http://localhost:6060/");
        assertThat(EmailValidator.hostUrl("https://h.example?x=1")).isEqualTo("https://h.example/?x=1");
        assertThat(EmailValidator.hostUrl("https://h.example/chat/")).isEqualTo("https://h.example/chat/");
    }

    @Test
    void templatesPerLanguage_fromPathTemplate(@TempDir Path dir) throws Exception {
        for (String lang : new String[] {"en", "fr"}) {
            Files.writeString(dir.resolve("v-" + lang + ".templ"), "{{define \"subject\"}}" + lang
                    + "{{end}}{{define \"body_plain\"}}{{.Code}}{{end}}");
        }
        MessageTemplates t = MessageTemplates.load(dir + "/v-{{.Language}}.templ", java.util.List.of("en", "fr"),
                "unused", java.util.List.of("subject", "body_plain", "body_html"));
        assertThat(t.forLanguage("fr_CA").render("subject", Map.of())).isEqualTo("fr");
        assertThat(t.forLanguage("de").render("subject", Map.of())).isEqualTo("en");
        Files.writeString(dir.resolve("bad-en.templ"), "{{define \"body_plain\"}}x{{end}}");
        assertThatThrownBy(() -> MessageTemplates.load(dir + "/bad-{{.Language}}.templ", java.util.List.of("en"),
                "unused", java.util.List.of("subject", "body_plain"))).hasMessageContaining("'subject' not found");
    }

    private static StoreException.Kind kind(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.kind();
        }
        throw new AssertionError("no exception");
    }
}

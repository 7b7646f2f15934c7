package io.github.tinodej.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GoTemplateTest {

    @Test
    void definesFieldsAndTrimMarkers() {
        GoTemplate t = GoTemplate.parse("{{/* a comment with }} braces */}}\n{{define \"subject\" -}}\n  Hi {{.Name}}\n"
                + "{{- end}}\n{{define \"body_plain\"}}[{{.Code}}]{{end}}");
        assertThat(t.has("subject")).isTrue();
        assertThat(t.has("body_html")).isFalse();
        assertThat(t.render("subject", Map.of("Name", "Ann"))).isEqualTo("Hi Ann");
        assertThat(t.render("body_plain", Map.of("Code", "0042"))).isEqualTo("[0042]");
        assertThat(t.render("body_html", Map.of())).isEmpty();
    }

    @Test
    void withAndIf_onEmptyAndSetValues() {
        GoTemplate t = GoTemplate.parse("{{with .Login}}login {{.}}{{else}}none{{end}}/{{if .X}}x{{end}}");
        assertThat(t.render("", Map.of("Login", "bob", "X", "1"))).isEqualTo("login bob/x");
        assertThat(t.render("", Map.of("Login", ""))).isEqualTo("none/");
    }

    @Test
    void missingField_rendersNothing() {
        assertThat(GoTemplate.parse("a{{.Nope}}b").render("", Map.of())).isEqualTo("ab");
    }

    @Test
    void unsupportedSyntax_rejectedAtParse() {
        assertThatThrownBy(() -> GoTemplate.parse("{{range .X}}{{end}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoTemplate.parse("{{.X | html}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoTemplate.parse("{{define \"a\"}}x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoTemplate.parse("{{end}}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoTemplate.parse("{{.X")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stockTemplates_parseWithAllParts() {
        MessageTemplates v = MessageTemplates.load(null, java.util.List.of(), "email-validation-en.templ",
                java.util.List.of("subject", "body_plain", "body_html"));
        GoTemplate t = v.forLanguage("fr-CA");
        String plain = t.render("body_plain", Map.of("Code", "123456", "HostUrl", "https://h/", "Token", "tok"));
        assertThat(plain).startsWith("Hi,").contains("https://h/#cred?method=email&code=123456&token=tok")
                .contains("    123456");
        GoTemplate r = MessageTemplates.load(null, java.util.List.of(), "email-password-reset-en.templ",
                java.util.List.of("subject")).forLanguage("");
        assertThat(r.render("body_plain", Map.of("Code", "1", "HostUrl", "h", "Cred", "c", "Scheme", "basic",
                "Login", ""))).doesNotContain("Your login");
    }
}

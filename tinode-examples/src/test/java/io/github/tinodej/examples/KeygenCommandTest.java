package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.auth.ApiKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tinode.jar keygen}, checked against the key every official client carries. */
class KeygenCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run keygen(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "keygen";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = new CommandLine(new TinodeMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void stockSalt_keysValidate_andTheDemoKeyOfTheOfficialClientsIsValid() {
        Run made = keygen("-salt", ApiKeys.STOCK_SALT);
        assertThat(made.code()).isZero();
        Matcher m = Pattern.compile("^API key v1 seq1 \\[ordinary\\]: (\\S{32})\\R"
                + "HMAC salt: " + Pattern.quote(ApiKeys.STOCK_SALT) + "\\R$").matcher(made.out());
        assertThat(m.find()).as(made.out()).isTrue();
        // Go's keygen writes app id 0 (the demo key, made by an older one, carries 1).
        assertThat(Base64.getUrlDecoder().decode(m.group(1))).startsWith(1, 0, 0, 0, 0, 1, 0, 0);
        assertThat(ApiKeys.isValid(m.group(1), Base64.getDecoder().decode(ApiKeys.STOCK_SALT))).isTrue();
        Run valid = keygen("--validate", ApiKeys.DEMO_KEY, "--salt", ApiKeys.STOCK_SALT);
        assertThat(valid.code()).isZero();
        assertThat(valid.out().trim()).isEqualTo("Valid v1 seq1, [ordinary]");
    }

    @Test
    void newSalt_rootKey_validatesWithThatSaltOnly() {
        Run made = keygen("--sequence", "7", "--isroot", "1");
        Matcher m = Pattern.compile("API key v1 seq7 \\[ROOT\\]: (\\S+)\\s+HMAC salt: (\\S+)").matcher(made.out());
        assertThat(m.find()).as(made.out()).isTrue();
        assertThat(Base64.getDecoder().decode(m.group(2))).hasSize(32);
        assertThat(ApiKeys.isValid(m.group(1), Base64.getDecoder().decode(m.group(2)))).isTrue();
        assertThat(keygen("-validate", m.group(1), "-salt", m.group(2)).out().trim()).isEqualTo("Valid v1 seq7, [ROOT]");
        Run wrongSalt = keygen("-validate", m.group(1), "-salt", ApiKeys.STOCK_SALT);
        assertThat(wrongSalt.code()).isEqualTo(1);
        assertThat(keygen("-validate", m.group(1)).err()).contains("must provide HMAC salt");
    }

    @Test
    void tokenKey_is32RandomBytes() {
        Run a = keygen("--token-key");
        Run b = keygen("--token-key");
        String ka = a.out().trim().replace("auth_config.token.key: ", "");
        assertThat(Base64.getDecoder().decode(ka)).hasSize(32);
        assertThat(a.out()).isNotEqualTo(b.out());
    }
}

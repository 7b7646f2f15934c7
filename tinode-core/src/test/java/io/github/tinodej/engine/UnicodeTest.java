package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * reliability.md IN-12 on the engine: logins fold case as Go's {@code strings.ToLower} does whatever
 * the JVM's locale, look-alike logins stay distinct accounts, and tags keep the characters Go keeps.
 * (Round trips through each database are in {@code MessageContract}; lone surrogates in CodecTest.)
 */
class UnicodeTest extends EngineTest {
    private Locale jvmDefault;

    @BeforeEach
    void turkishDefaultLocale() {
        // -Duser.language=tr: "I".toLowerCase() is a dotless "ı" there, which Go never produces.
        jvmDefault = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(jvmDefault);
    }

    @Test
    void uppercaseLogin_underTurkishLocale_foldsLikeGo() {
        TestClient a = client();
        a.hi();
        assertThat(a.createBasic("IVAN", "ivan-secret").get("code").getAsInt()).isEqualTo(200);
        assertThat(store.getAuthRecordByUnique("basic:ivan")).isPresent();

        TestClient b = client();
        b.hi();
        assertThat(b.loginBasic("ivan", "ivan-secret").get("code").getAsInt()).isEqualTo(200);
        TestClient c = client();
        c.hi();
        assertThat(c.loginBasic("Ivan", "ivan-secret").get("code").getAsInt()).isEqualTo(200);

        // Go lower-cases "İ" to "i" + U+0307, a combining mark its login pattern refuses: so do we.
        TestClient d = client();
        d.hi();
        JsonObject dotted = d.createBasic("İnci", "inci-secret");
        assertThat(dotted.get("code").getAsInt()).isEqualTo(422);
        assertThat(dotted.get("text").getAsString()).isEqualTo("policy violation");
    }

    @Test
    void homoglyphLogins_areDistinctAccounts() {
        TestClient latin = client();
        latin.hi();
        latin.createBasic("alice", "latin-secret");
        TestClient cyrillic = client();
        cyrillic.hi();
        // U+0430 CYRILLIC SMALL LETTER A looks like "a" but is another login, as in Go.
        assertThat(cyrillic.createBasic("\u0430lice", "cyrillic-secret").get("code").getAsInt()).isEqualTo(200);
        assertThat(cyrillic.userId()).isNotEqualTo(latin.userId());

        TestClient x = client();
        x.hi();
        assertThat(x.loginBasic("\u0430lice", "latin-secret").get("code").getAsInt()).isEqualTo(401);
        assertThat(x.loginBasic("\u0430lice", "cyrillic-secret").getAsJsonObject("params").get("user").getAsString())
                .isEqualTo(cyrillic.userId());
    }

    @Test
    void tagsWithJoinerEmojiAndMarks_keptAsGoKeepsThem_andFound() {
        TestClient a = user("tagger");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        // A zero-width joiner inside a tag, a 4-byte emoji, a combining mark, a leading ZWJ (not a
        // letter: dropped by Go's rule) and a Turkish capital, folded with Go's rule.
        String zwj = "family\ud83d\udc68\u200d\ud83d\udc69";
        String mark = "cafe\u0301";
        JsonObject set = a.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\",\"tags\":[\"" + zwj
                + "\",\"" + mark + "\",\"\u200dhidden\",\"ISTANBUL\"]}"));
        assertThat(set.get("code").getAsInt()).isEqualTo(200);
        a.send("{\"get\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"what\":\"tags\"}}");
        JsonArray tags = a.next("meta").getAsJsonArray("tags");
        assertThat(tags.toString()).isEqualTo("[\"" + mark + "\",\"" + zwj + "\",\"istanbul\"]");

        TestClient b = user("seeker");
        b.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"fnd\"}"));
        b.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"fnd\",\"desc\":{\"public\":\"" + zwj + "\"}}"));
        b.send("{\"get\":{\"id\":\"3\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        assertThat(b.next("meta").getAsJsonArray("sub").get(0).getAsJsonObject().get("topic").getAsString())
                .isEqualTo(grp);
    }
}

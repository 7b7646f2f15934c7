package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * reliability.md IN-13: Drafty the Go server once crashed on (c47aab41, an {@code LN} entity whose
 * {@code url} is not a string) and other malformed formatting is the client's business: stored and
 * forwarded exactly as sent. The server never interprets content (it makes no push previews), so
 * nothing here can throw on it.
 */
class DraftyContentTest extends EngineTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"txt\":\"link\",\"fmt\":[{\"at\":0,\"len\":4,\"key\":0}],\"ent\":[{\"tp\":\"LN\",\"data\":{\"url\":42}}]}",
        "{\"txt\":\"link\",\"fmt\":[{\"len\":4}],\"ent\":[{\"tp\":\"LN\",\"data\":{\"url\":null}}]}",
        "{\"txt\":\"link\",\"fmt\":[{\"len\":4}],\"ent\":[{\"tp\":\"LN\",\"data\":{\"url\":{\"href\":[1]}}}]}",
        "{\"txt\":\"link\",\"fmt\":[{\"len\":4}],\"ent\":[{\"tp\":\"LN\"}]}",
        "{\"txt\":\"overlap\",\"fmt\":[{\"at\":0,\"len\":5,\"tp\":\"ST\"},{\"at\":2,\"len\":5,\"tp\":\"EM\"},{\"at\":1,\"len\":1,\"tp\":\"ST\"}]}",
        "{\"txt\":\"negative\",\"fmt\":[{\"at\":-5,\"len\":-3,\"tp\":\"ST\"},{\"at\":-1,\"len\":0}]}",
        "{\"txt\":\"past end\",\"fmt\":[{\"at\":100,\"len\":9007199254740993,\"tp\":\"CO\"}]}",
        "{\"txt\":\"bad key\",\"fmt\":[{\"at\":0,\"len\":3,\"key\":7},{\"key\":-1}],\"ent\":[]}",
        "{\"txt\":\"odd types\",\"fmt\":[{\"at\":\"0\",\"len\":true,\"tp\":5}],\"ent\":[{\"tp\":[],\"data\":\"x\"}]}",
        "{\"txt\":null,\"fmt\":{},\"ent\":\"none\"}",
        "{\"txt\":\"\\ud83d\\ude00\\u0301\",\"fmt\":[{\"at\":1,\"len\":1,\"tp\":\"ST\"}]}",
        "{\"txt\":\" \",\"fmt\":[{\"at\":0,\"len\":1,\"key\":0}],\"ent\":[{\"tp\":\"IM\",\"data\":{\"val\":\"not base64!\",\"ref\":\"../../etc/passwd\",\"width\":-1}}]}",
        "{\"txt\":\"x\",\"fmt\":[{\"at\":0,\"len\":1,\"key\":0}],\"ent\":[{\"tp\":\"MN\",\"data\":{\"val\":\"usr\\u0000\"}}]}",
    })
    void malformedDrafty_storedAndForwardedUnchanged(String content) {
        TestClient a = user("drafter");
        TestClient b = user("reader");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        a.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId()
                + "\",\"mode\":\"JRWPS\"}}"));
        b.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + grp + "\"}}");
        b.ctrlFor("3");

        a.send("{\"pub\":{\"id\":\"p\",\"topic\":\"" + grp + "\",\"noecho\":true,"
                + "\"head\":{\"mime\":\"text/x-drafty\"},\"content\":" + content + "}}");
        assertThat(a.ctrlFor("p").get("code").getAsInt()).isEqualTo(202);
        JsonObject live = nextData(b);
        assertThat(live.get("content")).isEqualTo(JsonParser.parseString(content));

        b.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        assertThat(nextData(b).get("content")).isEqualTo(JsonParser.parseString(content));
        assertThat(b.ctrlFor("g").get("code").getAsInt()).isEqualTo(208);
    }

    private static JsonObject nextData(TestClient c) {
        while (true) {
            JsonObject f = c.next();
            if (f.has("data")) {
                return f.getAsJsonObject("data");
            }
        }
    }
}

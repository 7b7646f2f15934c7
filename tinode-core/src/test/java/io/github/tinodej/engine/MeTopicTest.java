package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MeTopicTest extends EngineTest {

    private static JsonObject req(TestClient c, String kind, String body) {
        return c.request(kind, TestClient.json(body));
    }

    @Test
    void subMe_okThenAlreadySubscribed() {
        TestClient c = user("alice");
        JsonObject ctrl = req(c, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("ok");
        assertThat(ctrl.get("topic").getAsString()).isEqualTo("me");
        assertThat(ctrl.has("params")).isFalse();
        JsonObject again = req(c, "sub", "{\"id\":\"2\",\"topic\":\"me\"}");
        assertThat(again.get("code").getAsInt()).isEqualTo(304);
        assertThat(again.get("text").getAsString()).isEqualTo("already subscribed");
    }

    @Test
    void subMe_withGetDescSubTags_repliesInSubOrder() {
        TestClient c = user("bobby");
        c.send("{\"sub\":{\"id\":\"1\",\"topic\":\"me\",\"get\":{\"what\":\"tags sub desc\"}}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
        JsonObject desc = c.next("meta");
        assertThat(desc.get("id").getAsString()).isEqualTo("1");
        assertThat(desc.get("topic").getAsString()).isEqualTo("me");
        JsonObject d = desc.getAsJsonObject("desc");
        assertThat(d.getAsJsonObject("acs").toString()).isEqualTo("{\"want\":\"JPS\",\"given\":\"JPS\",\"mode\":\"JPS\"}");
        assertThat(d.getAsJsonObject("defacs").get("auth").getAsString()).isEqualTo("JRWPASD");
        assertThat(d.has("created")).isTrue();
        assertThat(d.has("state")).isFalse();
        JsonObject subs = c.ctrl();
        assertThat(subs.get("code").getAsInt()).isEqualTo(204);
        assertThat(subs.get("text").getAsString()).isEqualTo("no content");
        assertThat(subs.getAsJsonObject("params").get("what").getAsString()).isEqualTo("sub");
        assertThat(c.next("meta").getAsJsonArray("tags").toString()).isEqualTo("[\"basic:bobby\"]");
    }

    @Test
    void getDesc_notAttached_answered() {
        TestClient c = user("carol");
        c.send("{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"desc\"}}");
        assertThat(c.next("meta").has("desc")).isTrue();
    }

    @Test
    void getTags_notAttached_permissionDenied() {
        TestClient c = user("carol");
        JsonObject ctrl = req(c, "get", "{\"id\":\"1\",\"topic\":\"me\",\"what\":\"tags\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void get_nothingValid_malformed() {
        TestClient c = user("carol");
        assertThat(req(c, "get", "{\"id\":\"1\",\"topic\":\"me\",\"what\":\"bogus\"}").get("code").getAsInt())
                .isEqualTo(400);
    }

    @Test
    void getDesc_ifModifiedSinceAfterUpdate_omitsPublic() {
        TestClient c = user("dan1");
        req(c, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        req(c, "set", "{\"id\":\"2\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"Dan\"}}}");
        clock.advance(Duration.ofMinutes(1));
        c.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"desc\",\"desc\":{\"ims\":\"2026-01-02T03:05:00Z\"}}}");
        JsonObject d = c.next("meta").getAsJsonObject("desc");
        assertThat(d.has("public")).isFalse();
        assertThat(d.has("created")).isFalse();
        c.send("{\"get\":{\"id\":\"4\",\"topic\":\"me\",\"what\":\"desc\",\"desc\":{\"ims\":\"2026-01-01T00:00:00Z\"}}}");
        assertThat(c.next("meta").getAsJsonObject("desc").getAsJsonObject("public").get("fn").getAsString())
                .isEqualTo("Dan");
    }

    @Test
    void setDesc_publicPrivate_storedMergedAndOtherSessionsNotified() {
        TestClient a = user("erin");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        TestClient b = client();
        b.hi();
        b.login("token", a.token());
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");

        JsonObject ctrl = req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"Erin\",\"note\":\"x\"},"
                + "\"private\":{\"comment\":\"secret\"}}}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(b.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"me\",\"what\":\"upd\"}");

        // Objects merge key by key; the delete marker removes a key.
        req(a, "set", "{\"id\":\"3\",\"topic\":\"me\",\"desc\":{\"public\":{\"note\":\"\u2421\",\"photo\":\"p\"}}}");
        b.next("pres");
        a.send("{\"get\":{\"id\":\"4\",\"topic\":\"me\",\"what\":\"desc\"}}");
        JsonObject d = a.next("meta").getAsJsonObject("desc");
        assertThat(d.getAsJsonObject("public").toString()).isEqualTo("{\"fn\":\"Erin\",\"photo\":\"p\"}");
        assertThat(d.getAsJsonObject("private").get("comment").getAsString()).isEqualTo("secret");
        Uid uid = Uid.parseUserId(a.userId());
        assertThat(store.getUser(uid).orElseThrow().publicJson()).isEqualTo("{\"fn\":\"Erin\",\"photo\":\"p\"}");
    }

    @Test
    void setDesc_sameValueTwice_secondNotModified() {
        TestClient a = user("fred");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        assertThat(req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"desc\":{\"public\":\"\u2421\"}}").get("code").getAsInt())
                .isEqualTo(304);
        assertThat(req(a, "set", "{\"id\":\"3\",\"topic\":\"me\",\"desc\":{}}").get("text").getAsString())
                .isEqualTo("not modified");
    }

    @Test
    void setDesc_trustedByNonRoot_permissionDenied() {
        TestClient a = user("gabe");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        assertThat(req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"desc\":{\"trusted\":{\"verified\":true}}}")
                .get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void setDesc_defacs_maskedAndReported() {
        TestClient a = user("hank");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        assertThat(req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"desc\":{\"defacs\":{\"auth\":\"JRWPD\",\"anon\":\"JR\"}}}")
                .get("code").getAsInt()).isEqualTo(200);
        a.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"desc\"}}");
        JsonObject d = a.next("meta").getAsJsonObject("desc").getAsJsonObject("defacs");
        assertThat(d.get("auth").getAsString()).isEqualTo("JRWPA");
        assertThat(d.get("anon").getAsString()).isEqualTo("JRA");
        assertThat(req(a, "set", "{\"id\":\"4\",\"topic\":\"me\",\"desc\":{\"defacs\":{\"auth\":\"JRO\"}}}")
                .get("code").getAsInt()).isEqualTo(400);
        assertThat(req(a, "set", "{\"id\":\"5\",\"topic\":\"me\",\"desc\":{\"defacs\":{\"auth\":\"XYZ\"}}}")
                .get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void setTags_changesCountedAndRestrictedKept() {
        TestClient a = user("iris");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        JsonObject ctrl = req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"tags\":[\"basic:iris\",\"email:i@x.org\",\"Hobby\"]}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.getAsJsonObject("params").toString()).isEqualTo("{\"added\":1}");
        a.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"tags\"}}");
        assertThat(a.next("meta").getAsJsonArray("tags").toString())
                .isEqualTo("[\"basic:iris\",\"email:i@x.org\",\"hobby\"]");
        // Dropping the restricted basic: tag is refused.
        assertThat(req(a, "set", "{\"id\":\"4\",\"topic\":\"me\",\"tags\":[\"hobby\"]}").get("code").getAsInt())
                .isEqualTo(403);
        // Adding only an un-prefixed tag is not a change on 'me' (Tinode quirk).
        assertThat(req(a, "set", "{\"id\":\"5\",\"topic\":\"me\",\"tags\":[\"basic:iris\",\"email:i@x.org\",\"hobby\",\"more\"]}")
                .get("code").getAsInt()).isEqualTo(304);
        JsonObject rm = req(a, "set", "{\"id\":\"6\",\"topic\":\"me\",\"tags\":[\"basic:iris\"]}");
        assertThat(rm.getAsJsonObject("params").toString()).isEqualTo("{\"removed\":2}");
        assertThat(req(a, "set", "{\"id\":\"7\",\"topic\":\"me\",\"tags\":[\"\u2421\"]}").get("code").getAsInt())
                .isEqualTo(304);
    }

    @Test
    void setTags_notAttached_permissionDenied() {
        TestClient a = user("jack");
        assertThat(req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"tags\":[\"x1\"]}").get("code").getAsInt())
                .isEqualTo(403);
    }

    @Test
    void set_empty_malformed() {
        TestClient a = user("kate");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        assertThat(req(a, "set", "{\"id\":\"2\",\"topic\":\"me\"}").get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void leaveMe_okThenNotJoined_unsubDenied() {
        TestClient a = user("liam");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        JsonObject un = req(a, "leave", "{\"id\":\"2\",\"topic\":\"me\",\"unsub\":true}");
        assertThat(un.get("code").getAsInt()).isEqualTo(403);
        JsonObject ok = req(a, "leave", "{\"id\":\"3\",\"topic\":\"me\"}");
        assertThat(ok.get("code").getAsInt()).isEqualTo(200);
        assertThat(ok.get("topic").getAsString()).isEqualTo("me");
        JsonObject again = req(a, "leave", "{\"id\":\"4\",\"topic\":\"me\"}");
        assertThat(again.get("code").getAsInt()).isEqualTo(304);
        assertThat(again.get("text").getAsString()).isEqualTo("not joined");
        Uid uid = Uid.parseUserId(a.userId());
        assertThat(store.getUser(uid).orElseThrow().userAgent()).isEqualTo("TinodeJS/0.25.3 test");
        assertThat(store.getUser(uid).orElseThrow().lastSeen()).isNotNull();
    }

    @Test
    void pubOnMe_attachedDeniedOtherwiseAttachFirst() {
        TestClient a = user("mona");
        assertThat(req(a, "pub", "{\"id\":\"1\",\"topic\":\"me\",\"content\":\"x\"}").get("code").getAsInt()).isEqualTo(409);
        req(a, "sub", "{\"id\":\"2\",\"topic\":\"me\"}");
        assertThat(req(a, "pub", "{\"id\":\"3\",\"topic\":\"me\",\"content\":\"x\"}").get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void getMeCredAndData_noContentWithWhat() {
        TestClient a = user("nick");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        JsonObject cred = req(a, "get", "{\"id\":\"2\",\"topic\":\"me\",\"what\":\"cred\"}");
        assertThat(cred.get("code").getAsInt()).isEqualTo(204);
        assertThat(cred.getAsJsonObject("params").get("what").getAsString()).isEqualTo("creds");
    }

    @Test
    void disconnect_detachesFromMe() {
        TestClient a = user("olga");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        a.close();
        TestClient b = client();
        b.hi();
        b.login("token", a.token());
        // If the dead session were still attached, it would have to be skipped; the reattach works.
        assertThat(req(b, "sub", "{\"id\":\"1\",\"topic\":\"me\"}").get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void aliasTags_uniqueAcrossUsers_andOnePerRequest() {
        TestClient a = user("alias1");
        TestClient b = user("alias2");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"me\"}");
        assertThat(req(a, "set", "{\"id\":\"2\",\"topic\":\"me\",\"tags\":[\"basic:alias1\",\"alias:star\"]}")
                .get("code").getAsInt()).isEqualTo(200);
        assertThat(req(b, "set", "{\"id\":\"2\",\"topic\":\"me\",\"tags\":[\"basic:alias2\",\"alias:star\"]}")
                .get("code").getAsInt()).isEqualTo(400);
        assertThat(req(b, "set", "{\"id\":\"3\",\"topic\":\"me\",\"tags\":[\"basic:alias2\",\"alias:one\",\"alias:two\"]}")
                .get("code").getAsInt()).isEqualTo(400);
        // The owner may keep its alias while changing other tags.
        assertThat(req(a, "set", "{\"id\":\"4\",\"topic\":\"me\",\"tags\":[\"basic:alias1\",\"alias:star\",\"xx:y1\"]}")
                .get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void delOnMe_credMalformedWithoutValidators_otherwisePermissionDenied() {
        TestClient c = user("erin");
        c.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"me\"}"));
        c.send("{\"del\":{\"id\":\"2\",\"topic\":\"me\",\"what\":\"cred\",\"cred\":{\"meth\":\"email\",\"val\":\"e@example.com\"}}}");
        assertThat(c.ctrlFor("2").get("code").getAsInt()).isEqualTo(400);
        c.send("{\"del\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"topic\"}}");
        assertThat(c.ctrlFor("3").get("code").getAsInt()).isEqualTo(403);
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

class AccountTest extends EngineTest {

    private static JsonObject acc(TestClient c, String json) {
        return c.request("acc", TestClient.json(json));
    }

    @Test
    void createBasic_withLogin_okWithTokenAndDesc() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("alice:alice123") + "\",\"login\":true,\"tags\":[\"Alice\",\"wonder\"],"
                + "\"desc\":{\"public\":{\"fn\":\"Alice\"},\"private\":{\"comment\":\"mine\"}}}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("ok");
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("user").getAsString()).startsWith("usr").hasSize(14);
        assertThat(p.get("authlvl").getAsString()).isEqualTo("auth");
        assertThat(p.get("token").getAsString()).hasSize(68).endsWith("=");
        assertThat(p.get("expires").getAsString()).isEqualTo("2026-01-16T03:04:05.678Z");
        JsonObject desc = p.getAsJsonObject("desc");
        assertThat(desc.get("created").getAsString()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(desc.getAsJsonObject("defacs").get("auth").getAsString()).isEqualTo("JRWPASD");
        assertThat(desc.getAsJsonObject("defacs").get("anon").getAsString()).isEqualTo("N");
        assertThat(desc.getAsJsonObject("public").get("fn").getAsString()).isEqualTo("Alice");
        assertThat(desc.getAsJsonObject("private").get("comment").getAsString()).isEqualTo("mine");

        Uid uid = Uid.parseUserId(p.get("user").getAsString());
        assertThat(store.getUser(uid)).get().satisfies(u ->
                assertThat(u.tags()).containsExactly("alice", "basic:alice", "wonder"));
        assertThat(store.getAuthRecordByUnique("basic:alice")).get()
                .satisfies(r -> assertThat(r.level()).isEqualTo(AuthLevel.AUTH));
        assertThat(store.getUserSubscriptions(uid)).extracting(s -> s.topic())
                .containsExactlyInAnyOrder(uid.userId(), "fnd" + uid.encoded());
        // Logged in: topic requests work.
        c.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void createBasic_withoutLogin_createdAndSessionStaysAnonymous() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.createBasic("bob1", "bob-secret", false);
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(201);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("created");
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("authlvl").getAsString()).isEqualTo("auth");
        assertThat(p.has("token")).isFalse();
        assertThat(p.has("desc")).isTrue();
        c.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
    }

    @Test
    void createBasic_loginTaken_duplicateWithWhatAuth() {
        user("dave");
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.createBasic("DAVE", "other-secret");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("duplicate credential");
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("auth");
    }

    @Test
    void createBasic_shortLogin_policyWithWhatAuth() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.createBasic("abc", "long-enough");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(422);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("policy violation");
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("auth");
    }

    @Test
    void createBasic_shortPassword_policyAndNothingStored() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = c.createBasic("erin", "12345");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(422);
        assertThat(ctrl.has("params")).isFalse();
        assertThat(store.getAuthRecordByUnique("basic:erin")).isEmpty();
    }

    @Test
    void createBasic_secretWithoutColon_malformed() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("nocolon") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void create_restrictedTag_permissionDeniedWhatTags() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("frank:frank123") + "\",\"tags\":[\"basic:root\"]}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("tags");
        assertThat(store.getAuthRecordByUnique("basic:frank")).isEmpty();
    }

    @Test
    void create_statusByNonRoot_permissionDeniedWhatState() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("gina:gina123") + "\",\"status\":\"ok\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("state");
    }

    @Test
    void create_unknownScheme_malformed() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"oauth\",\"secret\":\"YQ==\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void create_loginWhileAuthenticated_alreadyAuthenticated() {
        TestClient c = user("henry");
        JsonObject ctrl = c.createBasic("henry2", "henry-secret");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("already authenticated");
    }

    @Test
    void create_defacsMaskedToP2pMaximumWithApprove() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("ivan:ivan123") + "\",\"desc\":{\"defacs\":{\"auth\":\"JRWPSO\",\"anon\":\"JR\"}}}");
        JsonObject d = ctrl.getAsJsonObject("params").getAsJsonObject("desc").getAsJsonObject("defacs");
        assertThat(d.get("auth").getAsString()).isEqualTo("JRWPA");
        assertThat(d.get("anon").getAsString()).isEqualTo("JRA");
    }

    @Test
    void createAnonymous_loginTrue_anonLevelWithToken() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true,"
                + "\"desc\":{\"public\":{\"fn\":\"Guest\"}}}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("authlvl").getAsString()).isEqualTo("anon");
        assertThat(p.has("token")).isTrue();
        // The token is the only way back in.
        TestClient again = client();
        again.hi();
        JsonObject l = again.login("token", p.get("token").getAsString());
        assertThat(l.get("code").getAsInt()).isEqualTo(200);
        assertThat(l.getAsJsonObject("params").get("authlvl").getAsString()).isEqualTo("anon");
    }

    @Test
    void updatePassword_newWorksOldFails() {
        TestClient c = user("julia");
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64(":new-password") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.has("params")).isFalse();

        TestClient d = client();
        d.hi();
        assertThat(d.loginBasic("julia", "julia-secret").get("code").getAsInt()).isEqualTo(401);
        assertThat(d.loginBasic("julia", "new-password").get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void updateLogin_tagFollowsNewLogin() {
        TestClient c = user("kevin");
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"" + c.userId() + "\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("kevin2:kevin2-pass") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        c.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\",\"get\":{\"what\":\"tags\"}}}");
        c.ctrl();
        assertThat(c.next("meta").getAsJsonArray("tags").toString()).isEqualTo("[\"basic:kevin2\"]");
        assertThat(store.getAuthRecordByUnique("basic:kevin")).isEmpty();
    }

    @Test
    void updatePassword_weak_policy() {
        TestClient c = user("laura");
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64(":123") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(422);
    }

    @Test
    void updateLogin_taken_duplicate() {
        user("mike");
        TestClient c = user("nina");
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64("mike:whatever1") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
    }

    @Test
    void update_unauthenticated_permissionDenied() {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64(":whatever1") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void update_withTokenAsTmpScheme_changesPasswordWithoutLogin() {
        TestClient a = user("oscar");
        String token = a.token();
        TestClient c = client();
        c.hi();
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64(":fresh-pass")
                + "\",\"tmpscheme\":\"token\",\"tmpsecret\":\"" + token + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        c.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(401);
        assertThat(c.loginBasic("oscar", "fresh-pass").get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void update_otherUserByNonRoot_permissionDenied() {
        TestClient p = user("paula");
        TestClient c = user("quinn");
        JsonObject ctrl = acc(c, "{\"id\":\"1\",\"user\":\"" + p.userId() + "\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(":hijacked1") + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void update_nothingToDo_malformed() {
        TestClient c = user("rita");
        JsonObject ctrl = acc(c, "{\"id\":\"1\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void deleteUser_ownAccount_okEvictedAndLoginFails() {
        TestClient c = user("zelda");
        TestClient other = client();
        other.hi();
        other.login("token", c.token());
        JsonObject ctrl = c.request("del", TestClient.json("{\"id\":\"1\",\"what\":\"user\"}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        JsonObject evicted = c.ctrl();
        assertThat(evicted.get("code").getAsInt()).isEqualTo(205);
        assertThat(evicted.get("text").getAsString()).isEqualTo("evicted");
        assertThat(other.ctrl().get("code").getAsInt()).isEqualTo(205);
        TestClient again = client();
        again.hi();
        assertThat(again.loginBasic("zelda", "zelda-secret").get("code").getAsInt()).isEqualTo(401);
        assertThat(again.login("token", c.token()).get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void deleteUser_otherByNonRoot_denied() {
        TestClient a = user("yusuf");
        TestClient b = user("xavier");
        JsonObject ctrl = b.request("del", TestClient.json("{\"id\":\"1\",\"what\":\"user\",\"user\":\"" + a.userId() + "\"}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void deleteUser_membersOfOwnedGroupsAndP2pPeersHearGone_peerCannotReopenTheChat() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        TestClient c = user("carol");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        b.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        b.request("leave", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\"}"));
        a.send("{\"sub\":{\"id\":\"2\",\"topic\":\"" + c.userId() + "\"}}");
        a.ctrlFor("2");
        c.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + a.userId() + "\"}}");
        c.ctrlFor("1");
        for (TestClient x : new TestClient[] {b, c}) {
            x.send("{\"sub\":{\"id\":\"m\",\"topic\":\"me\"}}");
            x.ctrlFor("m");
        }
        // Bob's 'me' reports the group online (alice has it open), after the reply.
        assertThat(b.next("pres").get("what").getAsString()).isEqualTo("on");
        b.expectNoMoreFrames();
        c.expectNoMoreFrames();

        a.send("{\"del\":{\"id\":\"d\",\"what\":\"user\",\"hard\":true}}");
        assertThat(a.ctrlFor("d").get("code").getAsInt()).isEqualTo(200);
        JsonObject gone = b.next("pres");
        assertThat(gone.toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"gone\"}");
        // Carol had the chat open: it is detached silently, and 'me' says the contact is gone.
        JsonObject peerGone = c.next("pres");
        assertThat(peerGone.toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + a.userId() + "\",\"what\":\"gone\"}");
        c.send("{\"pub\":{\"id\":\"p\",\"topic\":\"" + a.userId() + "\",\"content\":\"hello?\"}}");
        assertThat(c.ctrlFor("p").get("code").getAsInt()).isEqualTo(409);
        c.send("{\"sub\":{\"id\":\"s\",\"topic\":\"" + a.userId() + "\"}}");
        JsonObject reopen = c.ctrlFor("s");
        assertThat(reopen.get("code").getAsInt()).isEqualTo(404);
        assertThat(reopen.get("text").getAsString()).isEqualTo("user not found");
    }
}

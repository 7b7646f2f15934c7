package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/** Credentials on {@code me}: get, set (add and answer), del; {@code {acc cred}}; the fnd rewrite. */
class MeCredTest extends CredTest {

    private static JsonObject set(TestClient c, String cred) {
        c.send("{\"set\":{\"id\":\"s1\",\"topic\":\"me\",\"cred\":" + cred + "}}");
        return c.ctrlFor("s1");
    }

    private static JsonObject del(TestClient c, String cred) {
        c.send("{\"del\":{\"id\":\"d1\",\"topic\":\"me\",\"what\":\"cred\"" + (cred == null ? "" : ",\"cred\":" + cred) + "}}");
        return c.ctrlFor("d1");
    }

    private static String creds(TestClient c) {
        c.send("{\"get\":{\"id\":\"g1\",\"topic\":\"me\",\"what\":\"cred\"}}");
        JsonObject f = c.next();
        while (f.has("pres")) {
            f = c.next();
        }
        return f.has("meta") ? f.getAsJsonObject("meta").get("cred").toString() : f.toString();
    }

    @Test
    void get_listsValuesWithDoneFlag() {
        TestClient c = validatedUser("alice", "alice@example.com");
        assertThat(creds(c)).isEqualTo("[{\"meth\":\"email\",\"val\":\"alice@example.com\",\"done\":true}]");
    }

    @Test
    void subWithGetCred_answersCredToo() {
        TestClient c = validatedUser("alice", "alice@example.com");
        TestClient d = client();
        d.hi();
        d.login("token", c.token());
        d.send("{\"sub\":{\"id\":\"7\",\"topic\":\"me\",\"get\":{\"what\":\"cred\"}}}");
        assertThat(d.ctrlFor("7").get("code").getAsInt()).isEqualTo(200);
        assertThat(d.next("meta").get("cred").getAsJsonArray()).hasSize(1);
    }

    @Test
    void get_noCredentials_noContentWhatCreds() {
        TestClient c = validatedUser("alice", "alice@example.com");
        store.deleteCredential(store.getAuthRecordByUnique("basic:alice").orElseThrow().uid(), "email", null);
        assertThat(creds(c)).contains("\"code\":204").contains("\"what\":\"creds\"");
    }

    @Test
    void addSecondAddress_thenAnswerIt_tagAddedWithPres() {
        TestClient c = validatedUser("bobby", "bob@example.com");
        assertCtrl(set(c, "{\"meth\":\"email\",\"val\":\"Bob2@example.com\"}"), 200, "ok");
        String code = email.next().code();
        assertThat(creds(c)).contains("{\"meth\":\"email\",\"val\":\"bob2@example.com\"}");
        assertCtrl(set(c, "{\"meth\":\"email\",\"resp\":\"12345x\"}"), 406, "invalid response");
        assertCtrl(set(c, "{\"meth\":\"email\",\"resp\":\"" + code + "\"}"), 200, "ok");
        assertThat(store.getUser(store.getAuthRecordByUnique("basic:bobby").orElseThrow().uid()).orElseThrow().tags())
                .contains("email:bob@example.com", "email:bob2@example.com");
    }

    @Test
    void setUnknownMethod_okNoop() {
        TestClient c = validatedUser("carol", "carol@example.com");
        assertCtrl(set(c, "{\"meth\":\"fax\",\"val\":\"123\"}"), 200, "ok");
        assertThat(email.pending()).isZero();
    }

    @Test
    void setTakenAddress_duplicate() {
        validatedUser("dave1", "dave@example.com");
        TestClient c = validatedUser("erin1", "erin@example.com");
        assertCtrl(set(c, "{\"meth\":\"email\",\"val\":\"dave@example.com\"}"), 409, "duplicate credential");
    }

    @Test
    void setNotAttached_permissionDenied() {
        TestClient c = validatedUser("frank", "frank@example.com");
        c.send("{\"leave\":{\"id\":\"l1\",\"topic\":\"me\"}}");
        c.ctrlFor("l1");
        assertCtrl(set(c, "{\"meth\":\"email\",\"val\":\"f2@example.com\"}"), 403, "permission denied");
    }

    @Test
    void deleteOnlyValidatedRequired_policy() {
        TestClient c = validatedUser("gina1", "gina@example.com");
        assertCtrl(del(c, "{\"meth\":\"email\",\"val\":\"gina@example.com\"}"), 422, "policy violation");
    }

    @Test
    void deleteUnvalidatedSecond_ok_andSecondValidatedFirstDeletable() {
        TestClient c = validatedUser("henry", "henry@example.com");
        set(c, "{\"meth\":\"email\",\"val\":\"h2@example.com\"}");
        email.next();
        assertCtrl(del(c, "{\"meth\":\"email\",\"val\":\"h2@example.com\"}"), 200, "ok");
        assertThat(creds(c)).doesNotContain("h2@example.com");
        set(c, "{\"meth\":\"email\",\"val\":\"h3@example.com\"}");
        String code = email.next().code();
        set(c, "{\"meth\":\"email\",\"resp\":\"" + code + "\"}");
        assertCtrl(del(c, "{\"meth\":\"email\",\"val\":\"henry@example.com\"}"), 200, "ok");
        assertThat(store.getUser(store.getAuthRecordByUnique("basic:henry").orElseThrow().uid()).orElseThrow().tags())
                .doesNotContain("email:henry@example.com").contains("email:h3@example.com");
    }

    @Test
    void deleteMalformed_badRequests() {
        TestClient c = validatedUser("irene", "irene@example.com");
        assertCtrl(del(c, null), 400, "malformed");
        assertCtrl(del(c, "{\"val\":\"x@y.z\"}"), 400, "malformed");
        assertCtrl(del(c, "{\"meth\":\"fax\",\"val\":\"1\"}"), 400, "malformed");
        assertCtrl(del(c, "{\"meth\":\"email\"}"), 400, "malformed");
    }

    @Test
    void deleteMethodWithoutTags_noAction() {
        TestClient c = validatedUser("jack1", "jack@example.com");
        assertCtrl(del(c, "{\"meth\":\"mail\",\"val\":\"jack@example.com\"}"), 304, "no action");
    }

    @Test
    void deleteNotAttached_mustAttachFirst() {
        TestClient c = client();
        c.hi();
        String code;
        signUp(c, "kate1", emailCred("kate@example.com", null), false);
        code = email.next().code();
        login(c, "kate1", respCred(code));
        assertCtrl(del(c, "{\"meth\":\"email\",\"val\":\"kate@example.com\"}"), 409, "must attach first");
    }

    @Test
    void accWithCred_okAndRequestSent() {
        TestClient c = validatedUser("larry", "larry@example.com");
        JsonObject ctrl = c.request("acc", TestClient.json(
                "{\"id\":\"a1\",\"cred\":[{\"meth\":\"email\",\"val\":\"l2@example.com\"}]}"));
        assertCtrl(ctrl, 200, "ok");
        assertThat(email.next().to()).isEqualTo("l2@example.com");
    }

    @Test
    void fnd_addressFindsTheUserWhoValidatedIt() {
        validatedUser("maria", "maria@example.com");
        TestClient c = validatedUser("nick1", "nick@example.com");
        c.send("{\"sub\":{\"id\":\"f1\",\"topic\":\"fnd\"}}");
        c.ctrlFor("f1");
        c.send("{\"set\":{\"id\":\"f2\",\"topic\":\"fnd\",\"desc\":{\"public\":\"maria@example.com\"}}}");
        c.ctrlFor("f2");
        c.send("{\"get\":{\"id\":\"f3\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        JsonObject meta = c.next("meta");
        assertThat(meta.get("sub").getAsJsonArray()).hasSize(1);
        assertThat(meta.get("sub").toString()).contains("email:maria@example.com");
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

class P2PTopicTest extends EngineTest {

    private static JsonObject req(TestClient c, String kind, String body) {
        return c.request(kind, TestClient.json(body));
    }

    @Test
    void startP2P_namesAreThePeerAndDefaultsAsymmetric() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"0\",\"topic\":\"me\"}");
        JsonObject ctrl = req(a, "sub", "{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.get("topic").getAsString()).isEqualTo(b.userId());
        assertThat(ctrl.getAsJsonObject("params").getAsJsonObject("acs").toString())
                .isEqualTo("{\"want\":\"JRWPAD\",\"given\":\"JRWPASD\",\"mode\":\"JRWPAD\"}");
        // Bob learns about the new topic on 'me', with his full modes.
        JsonObject pres = b.next("pres");
        assertThat(pres.toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + a.userId()
                + "\",\"what\":\"acs\",\"act\":\"" + a.userId() + "\",\"dacs\":{\"want\":\"JRWPAD\",\"given\":\"JRWPAD\"}}");

        JsonObject bsub = req(b, "sub", "{\"id\":\"2\",\"topic\":\"" + a.userId() + "\"}");
        assertThat(bsub.get("topic").getAsString()).isEqualTo(a.userId());

        a.send("{\"pub\":{\"id\":\"3\",\"topic\":\"" + b.userId() + "\",\"content\":\"hi bob\"}}");
        assertThat(a.ctrlSkippingPres().getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(1);
        JsonObject data = nextOf(b, "data");
        assertThat(data.get("topic").getAsString()).isEqualTo(a.userId());
        assertThat(data.get("from").getAsString()).isEqualTo(a.userId());
        JsonObject echo = nextOf(a, "data");
        assertThat(echo.get("topic").getAsString()).isEqualTo(b.userId());

        b.send("{\"get\":{\"id\":\"4\",\"topic\":\"me\",\"what\":\"sub\"}}");
        JsonObject meta = nextOf(b, "meta");
        JsonObject entry = meta.getAsJsonArray("sub").get(0).getAsJsonObject();
        assertThat(entry.get("topic").getAsString()).isEqualTo(a.userId());
        assertThat(entry.get("seq").getAsInt()).isEqualTo(1);
        assertThat(entry.getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRWPAD");
    }

    @Test
    void p2pWithSelf_denied_invalidId_malformed_unknownUser_notFound() {
        TestClient a = user("alice");
        assertThat(req(a, "sub", "{\"id\":\"1\",\"topic\":\"" + a.userId() + "\"}").get("code").getAsInt()).isEqualTo(403);
        assertThat(req(a, "sub", "{\"id\":\"2\",\"topic\":\"usrXYZ\"}").get("code").getAsInt()).isEqualTo(400);
        JsonObject unknown = req(a, "sub", "{\"id\":\"3\",\"topic\":\"usrAQAAAAAAAAA\"}");
        assertThat(unknown.get("code").getAsInt()).isEqualTo(404);
        assertThat(unknown.get("text").getAsString()).isEqualTo("user not found");
    }

    @Test
    void callStart_withoutIceServers_notImplemented() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}");
        a.send("{\"pub\":{\"id\":\"c\",\"topic\":\"" + b.userId() + "\",\"head\":{\"webrtc\":\"started\"},\"content\":\" \"}}");
        assertThat(a.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(501);
    }

    @Test
    void slf_savedMessages() {
        TestClient a = user("alice");
        JsonObject ctrl = req(a, "sub", "{\"id\":\"1\",\"topic\":\"slf\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.get("topic").getAsString()).isEqualTo("slf");
        a.send("{\"pub\":{\"id\":\"2\",\"topic\":\"slf\",\"content\":\"note to self\"}}");
        assertThat(a.ctrl().get("code").getAsInt()).isEqualTo(202);
        assertThat(a.next("data").get("topic").getAsString()).isEqualTo("slf");
    }

    @Test
    void sys_anyonePublishesWithoutSubscribing_onlyRootSubscribes() {
        TestClient a = user("alice");
        JsonObject ack = req(a, "pub", "{\"id\":\"1\",\"topic\":\"sys\",\"content\":{\"report\":1}}");
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        assertThat(ack.getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(1);
        assertThat(req(a, "sub", "{\"id\":\"2\",\"topic\":\"sys\"}").get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void fnd_findsUsersAndGroupsByTags() {
        TestClient a = client();
        a.hi();
        a.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("alice:alice-secret") + "\",\"login\":true,\"tags\":[\"travel\",\"chess\"],"
                + "\"desc\":{\"public\":{\"fn\":\"Alice\"}}}"));
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"fnd\"}");
        assertThat(req(b, "set", "{\"id\":\"2\",\"topic\":\"fnd\",\"desc\":{\"public\":\"chess\"}}").get("code").getAsInt())
                .isEqualTo(200);
        b.send("{\"get\":{\"id\":\"3\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        JsonObject meta = b.next("meta");
        JsonObject found = meta.getAsJsonArray("sub").get(0).getAsJsonObject();
        assertThat(found.get("topic").getAsString()).isEqualTo(a.userId());
        assertThat(found.getAsJsonObject("public").get("fn").getAsString()).isEqualTo("Alice");
        assertThat(found.getAsJsonArray("private").toString()).isEqualTo("[\"chess\"]");
        assertThat(found.getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRWPASD");

        req(b, "set", "{\"id\":\"4\",\"topic\":\"fnd\",\"desc\":{\"public\":\"chess golf\"}}");
        b.send("{\"get\":{\"id\":\"5\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        assertThat(b.ctrl().get("code").getAsInt()).isEqualTo(204);

        req(b, "set", "{\"id\":\"6\",\"topic\":\"fnd\",\"desc\":{\"public\":\"golf,travel\"}}");
        b.send("{\"get\":{\"id\":\"7\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        assertThat(b.next("meta").getAsJsonArray("sub")).hasSize(1);

        // Searching for oneself finds nothing.
        req(b, "set", "{\"id\":\"8\",\"topic\":\"fnd\",\"desc\":{\"public\":\"basic:bobby\"}}");
        b.send("{\"get\":{\"id\":\"9\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        assertThat(b.ctrl().get("code").getAsInt()).isEqualTo(204);
        b.send("{\"get\":{\"id\":\"10\",\"topic\":\"fnd\",\"what\":\"tags\"}}");
        assertThat(b.next("meta").getAsJsonArray("tags").get(0).getAsString()).isEqualTo(b.userId());
    }



    @Test
    void typing_reachesThePeersMeWhenThePeerHasTheChatClosed() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"2\",\"topic\":\"me\"}");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}");
        b.next("pres"); // acs: the new chat
        a.send("{\"note\":{\"topic\":\"" + b.userId() + "\",\"what\":\"kp\"}}");
        assertThat(b.next("info").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + a.userId()
                + "\",\"from\":\"" + a.userId() + "\",\"what\":\"kp\"}");
        // The typist's own other sessions hear nothing of it.
        TestClient a2 = client();
        a2.hi();
        a2.login("token", a.token());
        req(a2, "sub", "{\"id\":\"3\",\"topic\":\"me\"}");
        a.send("{\"note\":{\"topic\":\"" + b.userId() + "\",\"what\":\"kp\"}}");
        JsonObject f = b.next();
        while (f.has("pres")) {
            f = b.next(); // a2 brought alice online
        }
        assertThat(f.getAsJsonObject("info").get("what").getAsString()).isEqualTo("kp");
        a2.expectNoMoreFramesIgnoring("pres");
    }

    @Test
    void peerDeletedTheChat_comingBackToItRestoresItForThePeer() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}");
        req(a, "leave", "{\"id\":\"2\",\"topic\":\"" + b.userId() + "\"}");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + a.userId() + "\"}");
        assertThat(req(b, "del", "{\"id\":\"2\",\"topic\":\"" + a.userId() + "\",\"what\":\"topic\",\"hard\":true}")
                .get("code").getAsInt()).isEqualTo(200);
        req(b, "sub", "{\"id\":\"3\",\"topic\":\"me\"}");

        req(a, "sub", "{\"id\":\"3\",\"topic\":\"" + b.userId() + "\"}");
        JsonObject acs = b.next("pres");
        assertThat(acs.get("what").getAsString()).isEqualTo("acs");
        assertThat(acs.get("src").getAsString()).isEqualTo(a.userId());
        assertThat(acs.get("act").getAsString()).isEqualTo(a.userId());
        a.send("{\"pub\":{\"id\":\"4\",\"topic\":\"" + b.userId() + "\",\"content\":\"still there?\"}}");
        JsonObject msg = b.next("pres");
        while (!"msg".equals(msg.get("what").getAsString())) {
            msg = b.next("pres");
        }
        assertThat(msg.get("src").getAsString()).isEqualTo(a.userId());
        b.send("{\"get\":{\"id\":\"5\",\"topic\":\"me\",\"what\":\"sub\"}}");
        JsonObject f = b.next();
        while (!f.has("meta")) {
            f = b.next();
        }
        assertThat(f.getAsJsonObject("meta").getAsJsonArray("sub").get(0).getAsJsonObject().get("topic").getAsString())
                .isEqualTo(a.userId());
    }

    @Test
    void subWithPrivate_replacesItWhole() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        req(a, "sub", "{\"id\":\"1\",\"topic\":\"" + b.userId() + "\",\"set\":{\"desc\":{\"private\":{\"comment\":\"x\",\"arch\":true}}}}");
        req(a, "leave", "{\"id\":\"2\",\"topic\":\"" + b.userId() + "\"}");
        req(a, "sub", "{\"id\":\"3\",\"topic\":\"" + b.userId() + "\",\"set\":{\"desc\":{\"private\":{\"comment\":\"y\"}}},"
                + "\"get\":{\"what\":\"desc\"}}");
        // Go's thisUserSub stores the new private as sent; {set desc} is what merges.
        assertThat(a.next("meta").getAsJsonObject("desc").get("private").toString()).isEqualTo("{\"comment\":\"y\"}");
    }
}

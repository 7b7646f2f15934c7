package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * Requests from a session that is not attached to the topic, as Tinode's session.go and hub.go
 * answer them: the description preview and the own subscription without subscribing, changing
 * one's own subscription without attaching, and 409 "must attach first" before any topic lookup.
 */
class OfflineRequestTest extends EngineTest {
    private static final String TS = "2026-01-02T03:04:05.678Z";

    private static JsonObject req(TestClient c, String kind, String body) {
        return c.request(kind, TestClient.json(body));
    }

    /** A logged-in user with a public name, as TinodeWeb's sign-up creates one. */
    private TestClient named(String login, String fn) {
        TestClient c = client();
        c.hi();
        JsonObject ctrl = req(c, "acc", "{\"id\":\"a\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64(login + ":" + login + "-secret") + "\",\"login\":true,"
                + "\"desc\":{\"public\":{\"fn\":\"" + fn + "\"}}}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        return c;
    }

    private static JsonObject get(TestClient c, String topic, String what) {
        c.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + topic + "\",\"what\":\"" + what + "\"}}");
        return c.next();
    }

    @Test
    void getDesc_ofAUserNeverTalkedTo_previewsTheirProfile() {
        TestClient a = named("alice", "Alice");
        TestClient b = named("bobby", "Bob");
        // TinodeWeb's "Start new chat -> By ID" asks this before it subscribes.
        JsonObject meta = get(a, b.userId(), "desc");
        assertThat(meta.toString()).isEqualTo("{\"meta\":{\"id\":\"g\",\"topic\":\"" + b.userId() + "\",\"ts\":\"" + TS
                + "\",\"desc\":{\"created\":\"" + TS + "\",\"updated\":\"" + TS + "\",\"acs\":{\"mode\":\"JRWPASD\"},"
                + "\"public\":{\"fn\":\"Bob\"}}}}");
        // Nothing was created by looking.
        assertThat(req(a, "sub", "{\"id\":\"s\",\"topic\":\"" + b.userId() + "\"}").getAsJsonObject("params")
                .getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRWPAD");
    }

    @Test
    void getDesc_ofAnExistingP2pNotAttached_showsOwnSubscription() {
        TestClient a = named("alice", "Alice");
        TestClient b = named("bobby", "Bob");
        req(a, "sub", "{\"id\":\"s\",\"topic\":\"" + b.userId() + "\",\"set\":{\"desc\":{\"private\":{\"comment\":\"work\"}}}}");
        req(a, "leave", "{\"id\":\"l\",\"topic\":\"" + b.userId() + "\"}");
        JsonObject desc = get(a, b.userId(), "desc").getAsJsonObject("meta").getAsJsonObject("desc");
        assertThat(desc.get("acs").toString()).isEqualTo("{\"want\":\"JRWPAD\",\"given\":\"JRWPASD\",\"mode\":\"JRWPAD\"}");
        assertThat(desc.get("private").toString()).isEqualTo("{\"comment\":\"work\"}");
        assertThat(desc.get("public").toString()).isEqualTo("{\"fn\":\"Bob\"}");
    }

    @Test
    void getDesc_unknownUser_userNotFound_unknownGroup_topicNotFound() {
        TestClient a = named("alice", "Alice");
        JsonObject user = get(a, "usrAQAAAAAAAAA", "desc").getAsJsonObject("ctrl");
        assertThat(user.get("code").getAsInt()).isEqualTo(404);
        assertThat(user.get("text").getAsString()).isEqualTo("user not found");
        assertThat(user.get("topic").getAsString()).isEqualTo("usrAQAAAAAAAAA");
        JsonObject grp = get(a, "grpAQAAAAAAAAA", "desc").getAsJsonObject("ctrl");
        assertThat(grp.get("code").getAsInt()).isEqualTo(404);
        assertThat(grp.get("text").getAsString()).isEqualTo("topic not found");
    }

    @Test
    void getDesc_ofAGroup_strangerSeesDefaultMode_ownerSeesDefacsAndOwnAccess() {
        TestClient owner = named("alice", "Alice");
        JsonObject created = req(owner, "sub", "{\"id\":\"n\",\"topic\":\"new\",\"set\":{\"desc\":{\"public\":{\"fn\":\"Club\"},"
                + "\"private\":{\"comment\":\"mine\"}}}}");
        String grp = created.get("topic").getAsString();
        req(owner, "leave", "{\"id\":\"l\",\"topic\":\"" + grp + "\"}");
        TestClient stranger = named("bobby", "Bob");

        JsonObject seen = get(stranger, grp, "desc").getAsJsonObject("meta").getAsJsonObject("desc");
        assertThat(seen.toString()).isEqualTo("{\"created\":\"" + TS + "\",\"updated\":\"" + TS
                + "\",\"acs\":{\"mode\":\"JRWPS\"},\"subcnt\":1,\"public\":{\"fn\":\"Club\"}}");

        JsonObject own = get(owner, grp, "desc").getAsJsonObject("meta").getAsJsonObject("desc");
        assertThat(own.get("defacs").toString()).isEqualTo("{\"auth\":\"JRWPS\",\"anon\":\"N\"}");
        assertThat(own.getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRWPASDO");
        assertThat(own.get("private").toString()).isEqualTo("{\"comment\":\"mine\"}");
    }

    @Test
    void getDesc_ofAChannel_saysChan() {
        TestClient owner = named("alice", "Alice");
        String grp = req(owner, "sub", "{\"id\":\"n\",\"topic\":\"nch\"}").get("topic").getAsString();
        TestClient reader = named("bobby", "Bob");
        JsonObject desc = get(reader, "chn" + grp.substring(3), "desc").getAsJsonObject("meta").getAsJsonObject("desc");
        assertThat(desc.get("chan").getAsBoolean()).isTrue();
        assertThat(desc.getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("RWPS");
    }

    @Test
    void getSub_notAttached_onlyOwnSubscription() {
        TestClient a = named("alice", "Alice");
        TestClient b = named("bobby", "Bob");
        req(a, "sub", "{\"id\":\"s\",\"topic\":\"" + b.userId() + "\"}");
        req(a, "leave", "{\"id\":\"l\",\"topic\":\"" + b.userId() + "\"}");

        JsonObject meta = get(a, b.userId(), "sub").getAsJsonObject("meta");
        assertThat(meta.getAsJsonArray("sub").toString()).isEqualTo("[{\"updated\":\"" + TS
                + "\",\"acs\":{\"want\":\"JRWPAD\",\"given\":\"JRWPASD\",\"mode\":\"JRWPAD\"},\"user\":\"" + a.userId() + "\"}]");
        // desc together with sub: Tinode answers only the sub part.
        assertThat(get(a, b.userId(), "desc sub").getAsJsonObject("meta").has("sub")).isTrue();
        a.expectNoMoreFrames();

        a.send("{\"get\":{\"id\":\"o\",\"topic\":\"" + b.userId() + "\",\"what\":\"sub\",\"sub\":{\"user\":\"" + b.userId() + "\"}}}");
        assertThat(a.ctrl().get("code").getAsInt()).isEqualTo(403);

        TestClient c = named("carol", "Carol");
        JsonObject none = get(c, b.userId(), "sub").getAsJsonObject("ctrl");
        assertThat(none.get("code").getAsInt()).isEqualTo(404);
        assertThat(none.get("text").getAsString()).isEqualTo("not found");
    }

    @Test
    void getSub_afterUnsubscribing_saysDeleted() {
        TestClient owner = named("alice", "Alice");
        String grp = req(owner, "sub", "{\"id\":\"n\",\"topic\":\"new\"}").get("topic").getAsString();
        TestClient b = named("bobby", "Bob");
        req(b, "sub", "{\"id\":\"s\",\"topic\":\"" + grp + "\"}");
        assertThat(req(b, "leave", "{\"id\":\"u\",\"topic\":\"" + grp + "\",\"unsub\":true}").get("code").getAsInt()).isEqualTo(200);
        JsonObject sub = get(b, grp, "sub").getAsJsonObject("meta").getAsJsonArray("sub").get(0).getAsJsonObject();
        assertThat(sub.toString()).isEqualTo("{\"deleted\":\"" + TS + "\"}");
    }

    @Test
    void getDataOrDel_notAttached_permissionDenied() {
        TestClient a = named("alice", "Alice");
        TestClient b = named("bobby", "Bob");
        for (String what : new String[] {"data", "del", "tags", "desc data"}) {
            JsonObject reply = get(a, b.userId(), what);
            if ("desc data".equals(what)) {
                // Not desc alone, so the own subscription is looked up: there is none.
                assertThat(reply.getAsJsonObject("ctrl").get("code").getAsInt()).isEqualTo(404);
            } else {
                assertThat(reply.getAsJsonObject("ctrl").get("code").getAsInt()).as(what).isEqualTo(403);
            }
        }
    }

    @Test
    void setSub_notAttached_changesOwnModeAndPrivate() {
        TestClient a = named("alice", "Alice");
        TestClient b = named("bobby", "Bob");
        req(a, "sub", "{\"id\":\"s\",\"topic\":\"" + b.userId() + "\"}");
        req(a, "leave", "{\"id\":\"l\",\"topic\":\"" + b.userId() + "\"}");

        // Muting a contact from the chat list: P off in the wanted mode.
        JsonObject muted = req(a, "set", "{\"id\":\"m\",\"topic\":\"" + b.userId() + "\",\"sub\":{\"mode\":\"JRWAD\"}}");
        assertThat(muted.get("code").getAsInt()).isEqualTo(200);
        assertThat(muted.getAsJsonObject("params").get("acs").toString())
                .isEqualTo("{\"want\":\"JRWAD\",\"given\":\"JRWPASD\",\"mode\":\"JRWAD\"}");
        assertThat(req(a, "set", "{\"id\":\"m2\",\"topic\":\"" + b.userId() + "\",\"sub\":{\"mode\":\"JRWAD\"}}")
                .get("code").getAsInt()).isEqualTo(304);
        // p2p: more than the p2p maximum is trimmed and A is kept.
        JsonObject trimmed = req(a, "set", "{\"id\":\"m3\",\"topic\":\"" + b.userId() + "\",\"sub\":{\"mode\":\"JRWPS\"}}");
        assertThat(trimmed.getAsJsonObject("params").getAsJsonObject("acs").get("want").getAsString()).isEqualTo("JRWPA");

        JsonObject renamed = req(a, "set", "{\"id\":\"p\",\"topic\":\"" + b.userId() + "\",\"desc\":{\"private\":{\"comment\":\"Bobby\"}}}");
        assertThat(renamed.get("code").getAsInt()).isEqualTo(200);
        assertThat(renamed.has("params")).isFalse();
        assertThat(get(a, b.userId(), "desc").getAsJsonObject("meta").getAsJsonObject("desc").get("private").toString())
                .isEqualTo("{\"comment\":\"Bobby\"}");

        // The change is the subscription's, seen when attaching again.
        JsonObject back = req(a, "sub", "{\"id\":\"s2\",\"topic\":\"" + b.userId() + "\",\"get\":{\"what\":\"desc\"}}");
        assertThat(back.get("code").getAsInt()).isEqualTo(200);
        assertThat(a.next("meta").getAsJsonObject("desc").getAsJsonObject("acs").get("want").getAsString()).isEqualTo("JRWPA");
    }

    @Test
    void setSub_notAttached_refusals() {
        TestClient owner = named("alice", "Alice");
        String grp = req(owner, "sub", "{\"id\":\"n\",\"topic\":\"new\"}").get("topic").getAsString();
        req(owner, "leave", "{\"id\":\"l\",\"topic\":\"" + grp + "\"}");
        TestClient b = named("bobby", "Bob");

        assertThat(req(owner, "set", "{\"id\":\"1\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"JRWP\"}}")
                .get("code").getAsInt()).as("the owner may not drop O this way").isEqualTo(403);
        assertThat(req(owner, "set", "{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId() + "\",\"mode\":\"JRW\"}}")
                .get("code").getAsInt()).as("inviting needs attaching").isEqualTo(403);
        assertThat(req(owner, "set", "{\"id\":\"3\",\"topic\":\"" + grp + "\",\"desc\":{\"public\":{\"fn\":\"x\"}}}")
                .get("code").getAsInt()).as("only private and mode change without attaching").isEqualTo(304);
        assertThat(req(owner, "set", "{\"id\":\"4\",\"topic\":\"" + grp + "\",\"tags\":[\"abc\"]}")
                .get("code").getAsInt()).isEqualTo(403);
        assertThat(req(owner, "set", "{\"id\":\"5\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"JRQ\"}}")
                .get("code").getAsInt()).isEqualTo(400);
        JsonObject none = req(b, "set", "{\"id\":\"6\",\"topic\":\"" + grp + "\",\"desc\":{\"private\":\"x\"}}");
        assertThat(none.get("code").getAsInt()).isEqualTo(404);
        assertThat(none.get("text").getAsString()).isEqualTo("not found");
    }

    @Test
    void pubNoteLeaveDel_notAttached_mustAttachFirst_evenForUnknownTopics() {
        TestClient a = named("alice", "Alice");
        TestClient b = named("bobby", "Bob");
        String grp = req(a, "sub", "{\"id\":\"n\",\"topic\":\"new\"}").get("topic").getAsString();
        req(a, "leave", "{\"id\":\"l\",\"topic\":\"" + grp + "\"}");
        for (String topic : new String[] {b.userId(), grp, "grpAQAAAAAAAAA"}) {
            JsonObject pub = req(a, "pub", "{\"id\":\"p\",\"topic\":\"" + topic + "\",\"content\":\"x\"}");
            assertThat(pub.toString()).isEqualTo("{\"id\":\"p\",\"topic\":\"" + topic
                    + "\",\"code\":409,\"text\":\"must attach first\",\"ts\":\"" + TS + "\"}");
            JsonObject unsub = req(a, "leave", "{\"id\":\"u\",\"topic\":\"" + topic + "\",\"unsub\":true}");
            assertThat(unsub.get("code").getAsInt()).isEqualTo(409);
            JsonObject leave = req(a, "leave", "{\"id\":\"v\",\"topic\":\"" + topic + "\"}");
            assertThat(leave.get("code").getAsInt()).isEqualTo(304);
            assertThat(leave.get("text").getAsString()).isEqualTo("not joined");
            JsonObject del = req(a, "del", "{\"id\":\"d\",\"topic\":\"" + topic + "\",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}");
            assertThat(del.get("code").getAsInt()).isEqualTo(409);
            a.send("{\"note\":{\"topic\":\"" + topic + "\",\"what\":\"kp\"}}");
            assertThat(a.ctrl().toString()).isEqualTo("{\"topic\":\"" + topic
                    + "\",\"code\":409,\"text\":\"must attach first\",\"ts\":\"" + TS + "\"}");
        }
        // A receipt for a topic not in memory vanishes, as do malformed notes.
        a.send("{\"note\":{\"topic\":\"grpAQAAAAAAAAA\",\"what\":\"recv\",\"seq\":1}}");
        a.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"read\"}}");
        a.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"bogus\",\"seq\":1}}");
        a.expectNoMoreFrames();
    }

    @Test
    void pub_afterTheTopicWasDeleted_mustAttachFirst() {
        TestClient a = named("alice", "Alice");
        String grp = req(a, "sub", "{\"id\":\"n\",\"topic\":\"new\"}").get("topic").getAsString();
        assertThat(req(a, "del", "{\"id\":\"d\",\"topic\":\"" + grp + "\",\"what\":\"topic\",\"hard\":true}")
                .get("code").getAsInt()).isEqualTo(200);
        assertThat(req(a, "pub", "{\"id\":\"p\",\"topic\":\"" + grp + "\",\"content\":\"x\"}").get("code").getAsInt())
                .isEqualTo(409);
    }

    @Test
    void del_unknownWhat_malformed_delTopicNotAttached_works() {
        TestClient a = named("alice", "Alice");
        String grp = req(a, "sub", "{\"id\":\"n\",\"topic\":\"new\"}").get("topic").getAsString();
        req(a, "leave", "{\"id\":\"l\",\"topic\":\"" + grp + "\"}");
        assertThat(req(a, "del", "{\"id\":\"x\",\"topic\":\"" + grp + "\",\"what\":\"everything\"}").get("code").getAsInt())
                .isEqualTo(400);
        assertThat(req(a, "del", "{\"id\":\"d\",\"topic\":\"" + grp + "\",\"what\":\"topic\"}").get("code").getAsInt())
                .isEqualTo(200);
    }
}

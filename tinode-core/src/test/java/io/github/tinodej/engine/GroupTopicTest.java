package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

class GroupTopicTest extends EngineTest {

    private static JsonObject req(TestClient c, String kind, String body) {
        return c.request(kind, TestClient.json(body));
    }

    /** Creates a group as {@code owner}; returns its name. */
    static String createGroup(TestClient owner) {
        JsonObject ctrl = owner.request("sub", TestClient.json("{\"id\":\"g1\",\"topic\":\"new42\",\"set\":{\"desc\":"
                + "{\"public\":{\"fn\":\"Club\"},\"private\":{\"mine\":1}},\"tags\":[\"club\",\"fun\"]}}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        return ctrl.get("topic").getAsString();
    }

    @Test
    void createGroup_realNameTmpnameAndOwnerAcs() {
        TestClient a = user("alice");
        JsonObject ctrl = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"newABC\",\"set\":{\"desc\":"
                + "{\"public\":{\"fn\":\"Club\"}}}}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.get("topic").getAsString()).startsWith("grp").hasSize(14);
        JsonObject p = ctrl.getAsJsonObject("params");
        assertThat(p.get("tmpname").getAsString()).isEqualTo("newABC");
        assertThat(p.getAsJsonObject("acs").toString())
                .isEqualTo("{\"want\":\"JRWPASDO\",\"given\":\"JRWPASDO\",\"mode\":\"JRWPASDO\"}");
        String grp = ctrl.get("topic").getAsString();
        a.send("{\"get\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        JsonObject d = a.next("meta").getAsJsonObject("desc");
        assertThat(d.getAsJsonObject("public").get("fn").getAsString()).isEqualTo("Club");
        assertThat(d.getAsJsonObject("defacs").get("auth").getAsString()).isEqualTo("JRWPS");
        assertThat(d.get("subcnt").getAsInt()).isEqualTo(1);
    }

    @Test
    void join_publish_bothReceiveAndHistoryPages() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        JsonObject joined = req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        assertThat(joined.get("code").getAsInt()).isEqualTo(200);
        assertThat(joined.getAsJsonObject("params").getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRWPS");
        // Alice, attached, sees Bob's acs change and his coming online.
        assertThat(a.next("pres").get("what").getAsString()).isEqualTo("acs");
        assertThat(a.next("pres").toString()).isEqualTo("{\"topic\":\"" + grp + "\",\"src\":\"" + b.userId() + "\",\"what\":\"on\"}");

        b.send("{\"pub\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"content\":\"hello\"}}");
        JsonObject ack = b.ctrl();
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        assertThat(ack.get("text").getAsString()).isEqualTo("accepted");
        assertThat(ack.getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(1);
        JsonObject echo = b.next("data");
        assertThat(echo.get("seq").getAsInt()).isEqualTo(1);
        JsonObject got = a.next("data");
        assertThat(got.get("topic").getAsString()).isEqualTo(grp);
        assertThat(got.get("from").getAsString()).isEqualTo(b.userId());
        assertThat(got.get("content").getAsString()).isEqualTo("hello");
        assertThat(got.get("ts").getAsString()).isEqualTo("2026-01-02T03:04:05.678Z");

        for (int i = 2; i <= 5; i++) {
            a.send("{\"pub\":{\"id\":\"p" + i + "\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"m" + i + "\"}}");
            assertThat(a.ctrl().getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(i);
            assertThat(b.next("data").get("seq").getAsInt()).isEqualTo(i);
        }
        b.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + grp + "\",\"what\":\"data\",\"data\":{\"before\":5,\"limit\":2}}}");
        assertThat(b.next("data").get("seq").getAsInt()).isEqualTo(4);
        assertThat(b.next("data").get("seq").getAsInt()).isEqualTo(3);
        JsonObject end = b.ctrl();
        assertThat(end.get("code").getAsInt()).isEqualTo(208);
        assertThat(end.getAsJsonObject("params").toString()).isEqualTo("{\"what\":\"data\",\"count\":2}");
        b.send("{\"get\":{\"id\":\"h2\",\"topic\":\"" + grp + "\",\"what\":\"data\",\"data\":{\"since\":50}}}");
        JsonObject none = b.ctrl();
        assertThat(none.get("code").getAsInt()).isEqualTo(204);
        assertThat(none.getAsJsonObject("params").get("what").getAsString()).isEqualTo("data");
    }

    @Test
    void pub_notAttached_attachFirst_withoutWrite_denied() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        assertThat(req(b, "pub", "{\"id\":\"1\",\"topic\":\"" + grp + "\",\"content\":\"x\"}").get("code").getAsInt())
                .isEqualTo(409);
        req(b, "sub", "{\"id\":\"2\",\"topic\":\"" + grp + "\",\"set\":{\"sub\":{\"mode\":\"JRP\"}}}");
        assertThat(req(b, "pub", "{\"id\":\"3\",\"topic\":\"" + grp + "\",\"content\":\"x\"}").get("code").getAsInt())
                .isEqualTo(403);
    }

    @Test
    void unknownGroup_topicNotFound() {
        TestClient a = user("alice");
        JsonObject ctrl = req(a, "sub", "{\"id\":\"1\",\"topic\":\"grpAAAAAAAAAAA\"}");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(404);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("topic not found");
        assertThat(req(a, "sub", "{\"id\":\"2\",\"topic\":\"xyz123\"}").get("code").getAsInt()).isEqualTo(404);
    }

    @Test
    void meSubList_showsGroupWithSeqAndPresMsgToDetachedMember() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        a.next("pres");
        a.next("pres");
        req(b, "sub", "{\"id\":\"2\",\"topic\":\"me\"}");
        // Bob comes online while the group is loaded: 'me' tells him the group is online.
        assertThat(b.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"on\"}");
        req(b, "leave", "{\"id\":\"3\",\"topic\":\"" + grp + "\"}");
        a.next("pres"); // bob off
        a.send("{\"pub\":{\"id\":\"4\",\"topic\":\"" + grp + "\",\"content\":\"ping\"}}");
        a.ctrl();
        a.next("data");
        JsonObject pres = b.next("pres");
        assertThat(pres.toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"msg\",\"seq\":1,\"act\":\""
                + a.userId() + "\"}");
        b.send("{\"get\":{\"id\":\"5\",\"topic\":\"me\",\"what\":\"sub\"}}");
        JsonObject sub = b.next("meta").getAsJsonArray("sub").get(0).getAsJsonObject();
        assertThat(sub.get("topic").getAsString()).isEqualTo(grp);
        assertThat(sub.get("seq").getAsInt()).isEqualTo(1);
        assertThat(sub.get("online").getAsBoolean()).isTrue();
        assertThat(sub.getAsJsonObject("public").get("fn").getAsString()).isEqualTo("Club");
        assertThat(sub.getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRWPS");
    }

    @Test
    void notes_readRecvStoredAndInfoFanOut() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        a.next("pres");
        a.next("pres");
        a.send("{\"pub\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"content\":\"x\"}}");
        a.ctrl();
        a.next("data");
        b.next("data");
        b.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"kp\"}}");
        assertThat(a.next("info").toString()).isEqualTo("{\"topic\":\"" + grp + "\",\"from\":\"" + b.userId() + "\",\"what\":\"kp\"}");
        b.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"read\",\"seq\":1}}");
        assertThat(a.next("info").toString()).isEqualTo("{\"topic\":\"" + grp + "\",\"from\":\"" + b.userId()
                + "\",\"what\":\"read\",\"seq\":1}");
        // Beyond the last seq: silently dropped.
        b.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"read\",\"seq\":9}}");
        b.send("{\"get\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        JsonObject d = b.next("meta").getAsJsonObject("desc");
        assertThat(d.get("read").getAsInt()).isEqualTo(1);
        assertThat(d.get("recv").getAsInt()).isEqualTo(1);
        assertThat(d.get("seq").getAsInt()).isEqualTo(1);
    }

    @Test
    void delMsg_softForSelfHardForAll() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        a.next("pres");
        a.next("pres");
        for (int i = 1; i <= 3; i++) {
            a.send("{\"pub\":{\"id\":\"p" + i + "\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"m" + i + "\"}}");
            a.ctrl();
            b.next("data");
        }
        JsonObject soft = req(b, "del", "{\"id\":\"d1\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}");
        assertThat(soft.get("code").getAsInt()).isEqualTo(200);
        assertThat(soft.getAsJsonObject("params").get("del").getAsInt()).isEqualTo(1);
        JsonObject hard = req(a, "del", "{\"id\":\"d2\",\"topic\":\"" + grp + "\",\"delseq\":[{\"low\":2,\"hi\":9}],\"hard\":true}");
        assertThat(hard.getAsJsonObject("params").get("del").getAsInt()).isEqualTo(2);
        JsonObject pres = b.next("pres");
        assertThat(pres.toString()).isEqualTo("{\"topic\":\"" + grp + "\",\"src\":\"" + a.userId()
                + "\",\"what\":\"del\",\"clear\":2,\"delseq\":[{\"low\":2,\"hi\":4}]}");
        b.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        assertThat(b.ctrl().get("code").getAsInt()).isEqualTo(204);
        a.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + grp + "\",\"what\":\"data del\"}}");
        assertThat(a.next("data").get("seq").getAsInt()).isEqualTo(1);
        a.ctrl();
        JsonObject del = a.next("meta").getAsJsonObject("del");
        assertThat(del.get("clear").getAsInt()).isEqualTo(2);
        assertThat(req(a, "del", "{\"id\":\"d3\",\"topic\":\"" + grp + "\",\"delseq\":[{\"low\":9}]}").get("code").getAsInt())
                .isEqualTo(400);
    }

    /**
     * Found by DispatcherFuzzTest: Go accepts a range without {@code low} ({@code [0, hi)}, seq ids
     * start at 1); it was an internal error here. A range that holds no message at all is malformed.
     */
    @Test
    void delMsg_rangeWithoutLow_deletesFromTheFirst() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        for (int i = 1; i <= 3; i++) {
            a.send("{\"pub\":{\"id\":\"p" + i + "\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"m" + i + "\"}}");
            a.ctrl();
        }
        assertThat(req(a, "del", "{\"id\":\"d0\",\"topic\":\"" + grp + "\",\"delseq\":[{\"hi\":1}]}")
                .get("code").getAsInt()).isEqualTo(400);
        JsonObject del = req(a, "del", "{\"id\":\"d1\",\"topic\":\"" + grp
                + "\",\"delseq\":[{\"hi\":9007199254740992}],\"hard\":true}");
        assertThat(del.get("code").getAsInt()).isEqualTo(200);
        a.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        assertThat(a.ctrl().get("code").getAsInt()).isEqualTo(204);
    }

    @Test
    void leaveUnsub_ownerDenied_memberGoneOnMe() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        assertThat(req(a, "leave", "{\"id\":\"1\",\"topic\":\"" + grp + "\",\"unsub\":true}").get("code").getAsInt())
                .isEqualTo(403);
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        assertThat(req(b, "leave", "{\"id\":\"2\",\"topic\":\"" + grp + "\",\"unsub\":true}").get("code").getAsInt())
                .isEqualTo(200);
        assertThat(req(b, "leave", "{\"id\":\"3\",\"topic\":\"" + grp + "\"}").get("code").getAsInt()).isEqualTo(304);
        b.send("{\"get\":{\"id\":\"4\",\"topic\":\"" + grp + "\",\"what\":\"sub\"}}");
        assertThat(b.next("meta").getAsJsonArray("sub").get(0).getAsJsonObject().has("deleted")).isTrue();
    }

    @Test
    void leaveUnsub_attachedMembersHearAcsNoneThenOff() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        // The owner hears the new member (acs) and that the member is online here.
        assertThat(a.next("pres").get("what").getAsString()).isEqualTo("acs");
        assertThat(a.next("pres").get("what").getAsString()).isEqualTo("on");
        drain(a);
        assertThat(req(b, "leave", "{\"id\":\"2\",\"topic\":\"" + grp + "\",\"unsub\":true}").get("code").getAsInt())
                .isEqualTo(200);
        // Go's notifySubChange with unset modes: acs N/N to the sharers online, then off; act is
        // left out because the actor is the member itself.
        assertThat(a.next("pres").toString()).isEqualTo("{\"topic\":\"" + grp + "\",\"src\":\"" + b.userId()
                + "\",\"what\":\"acs\",\"dacs\":{\"want\":\"N\",\"given\":\"N\"}}");
        assertThat(a.next("pres").toString()).isEqualTo("{\"topic\":\"" + grp + "\",\"src\":\"" + b.userId()
                + "\",\"what\":\"off\"}");
        a.expectNoMoreFrames();
    }

    @Test
    void mutedMember_hearsNoOnOffOfOthers() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        // Joining without P: muted from the start.
        b.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + grp + "\",\"set\":{\"sub\":{\"mode\":\"JRW\"}}}}");
        assertThat(b.ctrlFor("1").get("code").getAsInt()).isEqualTo(200);
        TestClient c = user("carol");
        c.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + grp + "\"}}");
        c.ctrlFor("1");
        c.send("{\"leave\":{\"id\":\"2\",\"topic\":\"" + grp + "\"}}");
        c.ctrlFor("2");
        // Alice (with P) heard carol come and go; bob heard nothing.
        assertThat(a.next("pres").get("what").getAsString()).isEqualTo("acs");
        JsonObject f = a.next("pres");
        while (!"off".equals(f.get("what").getAsString())) {
            f = a.next("pres");
        }
        b.expectNoMoreFrames();
    }

    @Test
    void delSub_withoutTargetOrInP2p_permissionDenied_approverSeesDefacs() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        assertThat(req(a, "del", "{\"id\":\"1\",\"topic\":\"" + grp + "\",\"what\":\"sub\"}").get("code").getAsInt())
                .isEqualTo(403);
        TestClient b = user("bobby");
        req(a, "sub", "{\"id\":\"2\",\"topic\":\"" + b.userId() + "\"}");
        assertThat(req(a, "del", "{\"id\":\"3\",\"topic\":\"" + b.userId() + "\",\"what\":\"sub\",\"user\":\""
                + b.userId() + "\"}").get("code").getAsInt()).isEqualTo(403);
        // An approver without S is a sharer for Go (IsSharer): sees defacs.
        req(b, "sub", "{\"id\":\"4\",\"topic\":\"" + grp + "\"}");
        drain(a);
        a.send("{\"set\":{\"id\":\"5\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId() + "\",\"mode\":\"JRWPA\"}}}");
        assertThat(a.ctrlFor("5").get("code").getAsInt()).isEqualTo(200);
        b.send("{\"set\":{\"id\":\"6\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"JRWPA\"}}}");
        b.ctrlFor("6");
        b.send("{\"get\":{\"id\":\"7\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        assertThat(nextMeta(b).getAsJsonObject("desc").has("defacs")).isTrue();
    }

    @Test
    void softDeletedGroup_leavesMembersChatLists() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        req(b, "sub", "{\"id\":\"1\",\"topic\":\"" + grp + "\"}");
        req(b, "leave", "{\"id\":\"2\",\"topic\":\"" + grp + "\"}");
        drain(a);
        a.send("{\"del\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"what\":\"topic\"}}");
        assertThat(a.ctrlFor("3").get("code").getAsInt()).isEqualTo(200);
        b.send("{\"get\":{\"id\":\"4\",\"topic\":\"me\",\"what\":\"sub\"}}");
        // Bob had nothing else: his list is empty (Go disables the subscriptions of a soft-deleted group).
        assertThat(b.ctrlFor("4").get("code").getAsInt()).isEqualTo(204);
    }

    @Test
    void invite_banAndOwnershipTransfer() {
        TestClient a = user("alice");
        String grp = createGroup(a);
        TestClient b = user("bobby");
        TestClient c = user("carol");
        req(c, "sub", "{\"id\":\"0\",\"topic\":\"me\"}");
        JsonObject inv = req(a, "set", "{\"id\":\"1\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId() + "\"}}");
        assertThat(inv.get("code").getAsInt()).isEqualTo(200);
        assertThat(inv.getAsJsonObject("params").get("user").getAsString()).isEqualTo(b.userId());
        // Ban carol before she ever joined: invite with given N is refused (want lacks J).
        JsonObject ban = req(a, "set", "{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + c.userId()
                + "\",\"mode\":\"N\"}}");
        assertThat(ban.get("code").getAsInt()).isEqualTo(403);
        // A non-admin member cannot give explicit modes.
        req(b, "sub", "{\"id\":\"3\",\"topic\":\"" + grp + "\"}");
        assertThat(req(b, "set", "{\"id\":\"4\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + c.userId()
                + "\",\"mode\":\"JRW\"}}").get("code").getAsInt()).isEqualTo(403);
        // Owner offers ownership; bob takes it.
        drain(a);
        JsonObject offer = req(a, "set", "{\"id\":\"5\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId()
                + "\",\"mode\":\"JRWPASDO\"}}");
        assertThat(offer.get("code").getAsInt()).isEqualTo(200);
        drain(b);
        b.send(TestClient.json("{\"set\":{\"id\":\"6\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"JRWPASDO\"}}}"));
        JsonObject take = b.ctrlSkippingPres();
        assertThat(take.get("code").getAsInt()).isEqualTo(200);
        drain(a);
        a.send("{\"get\":{\"id\":\"7\",\"topic\":\"" + grp + "\",\"what\":\"sub\",\"sub\":{\"user\":\"" + a.userId() + "\"}}}");
        JsonObject meta = nextMeta(a);
        assertThat(meta.getAsJsonArray("sub").get(0).getAsJsonObject().getAsJsonObject("acs").get("given").getAsString())
                .isEqualTo("JRWPASD");
    }

    private static void drain(TestClient c) {
        c.expectNoMoreFramesIgnoring("pres");
    }

    private static JsonObject nextMeta(TestClient c) {
        while (true) {
            JsonObject f = c.next();
            if (f.has("meta")) {
                return f.getAsJsonObject("meta");
            }
        }
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Presence that crosses topics: contacts hear about profile and client changes. */
class PresenceTest extends EngineTest {

    private static JsonObject nextPres(TestClient c, String what) {
        while (true) {
            JsonObject f = c.next();
            if (f.has("pres") && what.equals(f.getAsJsonObject("pres").get("what").getAsString())) {
                return f.getAsJsonObject("pres");
            }
        }
    }

    @Test
    void memberChangesPublic_otherMembersInGroupHearUpd() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        TestClient m = user("member");
        m.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        m.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        m.send("{\"set\":{\"id\":\"3\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"New Name\"}}}}");
        assertThat(nextPres(owner, "upd").toString())
                .isEqualTo("{\"topic\":\"" + grp + "\",\"src\":\"" + m.userId() + "\",\"what\":\"upd\"}");
    }

    @Test
    void p2pPeerChangesPublic_peerOnMeHearsUpd() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        a.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        a.nextCtrlSkippingOthers();
        b.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        b.nextCtrlSkippingOthers();
        b.send("{\"set\":{\"id\":\"3\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"Bob\"}}}}");
        assertThat(nextPres(a, "upd").toString())
                .isEqualTo("{\"topic\":\"me\",\"src\":\"" + b.userId() + "\",\"what\":\"upd\"}");
    }

    @Test
    void peerSwitchesClient_onlineContactHearsUaAfterDebounce() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        a.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        a.nextCtrlSkippingOthers();
        b.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        b.nextCtrlSkippingOthers();
        TestClient phone = client();
        phone.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\",\"ua\":\"Tindroid/0.25 (Android)\"}}");
        phone.ctrl();
        phone.login("token", b.token());
        phone.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        // Tinode debounces a user-agent change for 5 s before telling contacts.
        clock.awaitTimer(Duration.ofSeconds(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        JsonObject ua = nextPres(a, "ua");
        assertThat(ua.get("src").getAsString()).isEqualTo(b.userId());
        assertThat(ua.get("ua").getAsString()).isEqualTo("Tindroid/0.25 (Android)");
    }

    @Test
    void peerGoesOffline_contactHearsOffAfterTheUnloadDelay() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        a.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        a.nextCtrlSkippingOthers();
        b.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        b.nextCtrlSkippingOthers();
        assertThat(nextPres(a, "on").get("src").getAsString()).isEqualTo(b.userId());
        b.send("{\"leave\":{\"id\":\"3\",\"topic\":\"me\"}}");
        // Tinode keeps 'me' loaded for 4 s after the last session, so "off" is not immediate.
        clock.awaitTimer(Duration.ofSeconds(4), Duration.ofSeconds(10));
        clock.advance(Duration.ofMillis(3999));
        a.expectNoMoreFrames();
        clock.advance(Duration.ofMillis(1));
        JsonObject off = nextPres(a, "off");
        assertThat(off.get("src").getAsString()).isEqualTo(b.userId());
    }

    @Test
    void createGroup_replyComesBeforeAnyPresenceNamingTheNewTopic() {
        TestClient a = user("alice");
        a.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.send("{\"sub\":{\"id\":\"1\",\"topic\":\"new123\",\"get\":{\"what\":\"desc\"}}}");
        // TinodeWeb learns the group's name from this reply; a {pres} naming it earlier throws in the app.
        JsonObject ctrl = a.next("ctrl");
        String grp = ctrl.get("topic").getAsString();
        assertThat(grp).startsWith("grp");
        assertThat(ctrl.getAsJsonObject("params").get("tmpname").getAsString()).isEqualTo("new123");
        // Then the group is online for its members' 'me', the creator's own session included (as in Go).
        assertThat(a.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"on\"}");
        assertThat(a.next("meta").has("desc")).isTrue();
        a.expectNoMoreFrames();
    }

    /** A second session of an existing user, attached to 'me'. */
    private TestClient secondSession(TestClient first) {
        TestClient c = client();
        c.hi();
        c.login("token", first.token());
        c.request("sub", TestClient.json("{\"id\":\"m\",\"topic\":\"me\"}"));
        return c;
    }

    @Test
    void createGroup_otherSessionsOfTheCreatorHearFullModesThenOn() {
        TestClient a = user("alice");
        TestClient a2 = secondSession(a);
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        // tinode-js adds a contact only from an acs with full modes; an empty dacs left the
        // other device without the group, and the "on" that follows then threw in TinodeWeb.
        assertThat(a2.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp
                + "\",\"what\":\"acs\",\"dacs\":{\"want\":\"JRWPASDO\",\"given\":\"JRWPASDO\"}}");
        assertThat(a2.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"on\"}");
        a2.expectNoMoreFrames();
    }

    @Test
    void newP2p_bothOnline_exchangeOn() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        b.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        assertThat(a.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + b.userId() + "\",\"what\":\"on\"}");
        assertThat(b.next("pres").get("what").getAsString()).isEqualTo("acs");
        assertThat(b.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + a.userId() + "\",\"what\":\"on\"}");
        a.expectNoMoreFrames();
        b.expectNoMoreFrames();
    }

    @Test
    void muteAndUnmuteOnlineContact_offThenOnOnOwnMe() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        b.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        nextPres(a, "on");
        a.send("{\"set\":{\"id\":\"2\",\"topic\":\"" + b.userId() + "\",\"sub\":{\"mode\":\"JRWAD\"}}}");
        assertThat(nextPres(a, "off").get("src").getAsString()).isEqualTo(b.userId());
        a.send("{\"set\":{\"id\":\"3\",\"topic\":\"" + b.userId() + "\",\"sub\":{\"mode\":\"JRWPAD\"}}}");
        assertThat(nextPres(a, "on").get("src").getAsString()).isEqualTo(b.userId());
    }

    @Test
    void deleteGroup_membersHearGoneAndNoOffAfterIt() {
        TestClient a = user("alice");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        TestClient b = user("bobby");
        b.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        b.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + grp + "\"}}");
        b.ctrlFor("1");
        // Joining a group that is online: it is online for the new member too.
        assertThat(nextPres(b, "on").get("src").getAsString()).isEqualTo(grp);
        b.send("{\"leave\":{\"id\":\"2\",\"topic\":\"" + grp + "\"}}");
        b.ctrlFor("2");
        b.expectNoMoreFramesIgnoring("pres");
        a.send("{\"del\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"what\":\"topic\",\"hard\":true}}");
        assertThat(a.ctrlSkippingPres().get("code").getAsInt()).isEqualTo(200);
        assertThat(b.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"gone\"}");
        b.expectNoMoreFrames();
        // Deleting it again, or any topic that is not there, is no error.
        JsonObject again = a.request("del", TestClient.json("{\"id\":\"4\",\"topic\":\"" + grp + "\",\"what\":\"topic\"}"));
        assertThat(again.get("code").getAsInt()).isEqualTo(304);
        assertThat(again.get("text").getAsString()).isEqualTo("no action");
    }

    @Test
    void p2pUnsubscribe_peerWithTheChatOpenHearsOffOnMe() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        b.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        b.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + a.userId() + "\"}}");
        b.ctrlFor("1");
        b.expectNoMoreFramesIgnoring("pres");
        a.send("{\"leave\":{\"id\":\"2\",\"topic\":\"" + b.userId() + "\",\"unsub\":true}}");
        assertThat(a.ctrlFor("2").get("code").getAsInt()).isEqualTo(200);
        JsonObject acs = b.next("pres");
        assertThat(acs.get("what").getAsString()).isEqualTo("acs");
        assertThat(acs.get("dacs").toString()).isEqualTo("{\"want\":\"N\",\"given\":\"N\"}");
        assertThat(b.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + a.userId() + "\",\"what\":\"off\"}");
    }

    @Test
    void incognito_contactsSeeTheUserGoOffAndComeBack() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        b.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.send("{\"sub\":{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}}");
        a.ctrlFor("1");
        nextPres(b, "on");
        TestClient a2 = secondSession(a);

        // TinodeWeb's Settings -> Incognito: P out of the wanted mode of 'me'.
        a.send("{\"set\":{\"id\":\"2\",\"topic\":\"me\",\"sub\":{\"mode\":\"JS\"}}}");
        JsonObject ctrl = a.ctrlFor("2");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.getAsJsonObject("params").get("acs").toString())
                .isEqualTo("{\"want\":\"JS\",\"given\":\"JPS\",\"mode\":\"JS\"}");
        assertThat(nextPres(b, "off").get("src").getAsString()).isEqualTo(a.userId());
        assertThat(nextPres(a2, "acs").toString()).isEqualTo("{\"topic\":\"me\",\"what\":\"acs\",\"dacs\":{\"want\":\"-P\"}}");
        b.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"sub\"}}");
        JsonObject meta = b.next();
        while (!meta.has("meta")) {
            meta = b.next();
        }
        assertThat(meta.getAsJsonObject("meta").getAsJsonArray("sub").get(0).getAsJsonObject().has("online")).isFalse();
        a.send("{\"get\":{\"id\":\"4\",\"topic\":\"me\",\"what\":\"desc\"}}");
        JsonObject desc = a.next();
        while (!desc.has("meta")) {
            desc = a.next();
        }
        assertThat(desc.getAsJsonObject("meta").getAsJsonObject("desc").getAsJsonObject("acs").get("mode").getAsString())
                .isEqualTo("JS");

        a.send("{\"set\":{\"id\":\"5\",\"topic\":\"me\",\"sub\":{\"mode\":\"JPS\"}}}");
        assertThat(nextPres(b, "on").get("src").getAsString()).isEqualTo(a.userId());
    }

    @Test
    void memberNotInTheGroupChangesPublic_membersWithTheGroupOpenHearUpd() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        TestClient m = user("member");
        m.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        m.request("leave", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\"}"));
        m.send("{\"sub\":{\"id\":\"3\",\"topic\":\"me\"}}");
        m.ctrlFor("3");
        m.send("{\"set\":{\"id\":\"4\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"Renamed\"}}}}");
        assertThat(nextPres(owner, "upd").toString())
                .isEqualTo("{\"topic\":\"" + grp + "\",\"src\":\"" + m.userId() + "\",\"what\":\"upd\"}");
    }

    @Test
    void invitedToAnOnlineGroup_acsBeforeOn() {
        TestClient a = user("alice");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        TestClient b = user("bobby");
        b.request("sub", TestClient.json("{\"id\":\"0\",\"topic\":\"me\"}"));
        a.send("{\"set\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId() + "\"}}}");
        // tinode-js learns the group from the acs; an "on" before it names a contact it does not
        // have and TinodeWeb throws.
        JsonObject acs = b.next("pres");
        assertThat(acs.get("what").getAsString()).isEqualTo("acs");
        assertThat(acs.get("act").getAsString()).isEqualTo(a.userId());
        assertThat(acs.get("dacs").toString()).isEqualTo("{\"want\":\"JRWPS\",\"given\":\"JRWPS\"}");
        assertThat(b.next("pres").toString()).isEqualTo("{\"topic\":\"me\",\"src\":\"" + grp + "\",\"what\":\"on\"}");
    }

    @Test
    void activityMovesBetweenClients_contactHearsTheClientInUse() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + b.userId() + "\"}"));
        a.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        a.ctrlFor("2");
        b.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        b.ctrlFor("2");
        TestClient phone = client();
        phone.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\",\"ua\":\"Tindroid/0.25 (Android)\"}}");
        phone.ctrl();
        phone.login("token", b.token());
        phone.send("{\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        clock.awaitTimer(Duration.ofSeconds(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        assertThat(nextPres(a, "ua").get("ua").getAsString()).isEqualTo("Tindroid/0.25 (Android)");
        // Back on the web client: any request there makes it the client in use again (Go's uaRefresh).
        b.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"desc\"}}");
        clock.awaitTimer(Duration.ofSeconds(5), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(5));
        assertThat(nextPres(a, "ua").get("ua").getAsString()).isEqualTo("TinodeJS/0.25.3 test");
    }
}

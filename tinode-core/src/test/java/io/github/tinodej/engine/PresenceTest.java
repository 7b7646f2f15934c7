package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
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
        long left = System.nanoTime();
        b.send("{\"leave\":{\"id\":\"3\",\"topic\":\"me\"}}");
        JsonObject off = nextPres(a, "off");
        assertThat(off.get("src").getAsString()).isEqualTo(b.userId());
        // Tinode keeps 'me' loaded for 4 s after the last session, so "off" is not immediate.
        assertThat(System.nanoTime() - left).isGreaterThan(3_000_000_000L);
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
}

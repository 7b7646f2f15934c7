package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.server.Limits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/** Bans, self-bans, eviction, group size limits and several sessions of one user. */
class MembershipTest extends EngineTest {

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.limits(Limits.STOCK.withMaxSubscriberCount(3));
    }

    private static String group(TestClient owner) {
        return owner.request("sub", TestClient.json("{\"id\":\"g\",\"topic\":\"new\"}")).get("topic").getAsString();
    }

    @Test
    void ban_evictsAttachedSessions_andRejoinDenied() {
        TestClient owner = user("owner");
        String grp = group(owner);
        TestClient m = user("member");
        m.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        owner.send("{\"set\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + m.userId() + "\",\"mode\":\"N\"}}}");
        assertThat(owner.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(200);
        JsonObject evicted = m.nextCtrlSkippingOthers();
        assertThat(evicted.get("code").getAsInt()).isEqualTo(205);
        assertThat(evicted.get("text").getAsString()).isEqualTo("evicted");
        assertThat(evicted.get("topic").getAsString()).isEqualTo(grp);
        assertThat(evicted.getAsJsonObject("params").get("unsub").getAsBoolean()).isFalse();
        m.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + grp + "\"}}");
        assertThat(m.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(403);
        // The ban survives unsubscribing: leaving and coming back keeps given N.
        m.send("{\"del\":{\"id\":\"4\",\"topic\":\"" + grp + "\",\"what\":\"topic\"}}");
        m.nextCtrlSkippingOthers();
        m.send("{\"sub\":{\"id\":\"5\",\"topic\":\"" + grp + "\"}}");
        assertThat(m.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(403);
    }

    @Test
    void selfBan_evictsOwnSessions_thenPlainSubRestores() {
        TestClient owner = user("owner");
        String grp = group(owner);
        TestClient m = user("member");
        TestClient m2 = client();
        m2.hi();
        m2.login("token", m.token());
        m.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        m2.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        m.send("{\"set\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"mode\":\"RWP\"}}}");
        assertThat(m2.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(205);
        m.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + grp + "\"}}");
        JsonObject back = m.nextCtrlSkippingOthers();
        while (!back.has("id") || !"3".equals(back.get("id").getAsString())) {
            back = m.nextCtrlSkippingOthers();
        }
        assertThat(back.getAsJsonObject("params").getAsJsonObject("acs").get("want").getAsString()).contains("J");
    }

    @Test
    void removeMember_evictedWithUnsub() {
        TestClient owner = user("owner");
        String grp = group(owner);
        TestClient m = user("member");
        m.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        owner.send("{\"del\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"what\":\"sub\",\"user\":\"" + m.userId() + "\"}}");
        assertThat(owner.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(200);
        JsonObject evicted = m.nextCtrlSkippingOthers();
        assertThat(evicted.get("code").getAsInt()).isEqualTo(205);
        assertThat(evicted.getAsJsonObject("params").get("unsub").getAsBoolean()).isTrue();
        owner.send("{\"del\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"what\":\"sub\",\"user\":\"" + m.userId() + "\"}}");
        assertThat(owner.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(304);
    }

    @Test
    void groupFull_policyViolation() {
        TestClient owner = user("owner");
        String grp = group(owner);
        user("mem1").request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        user("mem2").request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        TestClient late = user("mem3");
        JsonObject r = late.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        assertThat(r.get("code").getAsInt()).isEqualTo(422);
        assertThat(r.get("text").getAsString()).isEqualTo("policy violation");
        owner.send("{\"set\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + late.userId() + "\"}}}");
        assertThat(owner.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(422);
    }

    @Test
    void twoSessionsOfOneUser_seeTheSameMessagesAndState() {
        TestClient owner = user("owner");
        String grp = group(owner);
        TestClient s2 = client();
        s2.hi();
        s2.login("token", owner.token());
        s2.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"" + grp + "\"}"));
        owner.send("{\"pub\":{\"id\":\"2\",\"topic\":\"" + grp + "\",\"content\":\"both\"}}");
        assertThat(s2.next("data").get("content").getAsString()).isEqualTo("both");
        owner.send("{\"set\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"desc\":{\"private\":{\"pinned\":true}}}}");
        assertThat(owner.ctrlFor("3").get("code").getAsInt()).isEqualTo(200);
        s2.send("{\"get\":{\"id\":\"4\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        JsonObject d;
        do {
            d = s2.next();
        } while (!d.has("meta"));
        assertThat(d.getAsJsonObject("meta").getAsJsonObject("desc").getAsJsonObject("private").get("pinned")
                .getAsBoolean()).isTrue();
    }

    @Test
    void anonymousUser_p2pWithUserWhoseAnonDefaultIsNone_denied() {
        TestClient b = user("bobby");
        TestClient anon = client();
        anon.hi();
        anon.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true}"));
        JsonObject r = anon.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"" + b.userId() + "\"}"));
        assertThat(r.get("code").getAsInt()).as(r.toString()).isEqualTo(403);
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * Root suspends and restores accounts with {@code {acc user status}} (Tinode's changeUserState):
 * the user's sessions are evicted with {@code {ctrl 205 "evicted"}}, logins by password and token
 * answer 403, the user's p2p topics and owned groups in memory turn read-only, and restoring
 * undoes all of it.
 */
class SuspensionTest extends EngineTest {

    private static JsonObject status(TestClient root, String id, String user, String state) {
        root.send("{\"acc\":{\"id\":\"" + id + "\",\"user\":\"" + user + "\",\"status\":\"" + state + "\"}}");
        return root.ctrlFor(id);
    }

    @Test
    void suspend_evictsEverySession_refusesLogins_thenRestore_letsThemBackIn() {
        TestClient mallory = user("mallory");
        String token = mallory.token();
        TestClient second = client();
        second.hi();
        assertThat(second.loginBasic("mallory", "mallory-secret").get("code").getAsInt()).isEqualTo(200);
        TestClient bystander = user("bystander");
        TestClient root = root("boss");

        assertThat(status(root, "s1", mallory.userId(), "susp").get("code").getAsInt()).isEqualTo(200);
        for (TestClient c : new TestClient[] {mallory, second}) {
            JsonObject evicted = c.nextCtrlSkippingOthers();
            assertThat(evicted.get("code").getAsInt()).isEqualTo(205);
            assertThat(evicted.get("text").getAsString()).isEqualTo("evicted");
            assertThat(evicted.has("id")).isFalse();
            assertThat(c.awaitClosedByServer()).isTrue();
        }
        assertThat(store.getUser(Uid.parseUserId(mallory.userId())).orElseThrow().state())
                .isEqualTo(ObjectState.SUSPENDED);
        // Others are untouched.
        bystander.expectNoMoreFrames();
        root.expectNoMoreFramesIgnoring("pres");

        TestClient back = client();
        back.hi();
        assertThat(back.loginBasic("mallory", "mallory-secret").get("code").getAsInt()).isEqualTo(403);
        assertThat(back.login("token", token).get("code").getAsInt()).isEqualTo(403);

        // Same state again: 304 "not modified".
        JsonObject again = status(root, "s2", mallory.userId(), "susp");
        assertThat(again.get("code").getAsInt()).isEqualTo(304);
        assertThat(again.get("text").getAsString()).isEqualTo("not modified");

        assertThat(status(root, "s3", mallory.userId(), "ok").get("code").getAsInt()).isEqualTo(200);
        assertThat(back.loginBasic("mallory", "mallory-secret").get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void nonRoot_cannotChangeState_badStates400_unknownUser404() {
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        assertThat(status(alice, "a1", bob.userId(), "susp").get("code").getAsInt()).isEqualTo(403);
        // Not even one's own.
        assertThat(status(alice, "a2", alice.userId(), "susp").get("code").getAsInt()).isEqualTo(403);
        TestClient root = root("boss");
        assertThat(status(root, "r1", bob.userId(), "frozen").get("code").getAsInt()).isEqualTo(400);
        assertThat(status(root, "r2", bob.userId(), "del").get("code").getAsInt()).isEqualTo(400);
        assertThat(status(root, "r3", "usrBBBBBBBBBBA", "susp").get("code").getAsInt()).isEqualTo(404);
        assertThat(status(root, "r4", "usr!!", "susp").get("code").getAsInt()).isEqualTo(400);
        bob.expectNoMoreFrames();
    }

    @Test
    void suspendedPeer_p2pAndOwnedGroupReadOnly_untilRestored() {
        TestClient alice = user("alice");
        TestClient mallory = user("mallory");
        TestClient carol = user("carol");
        alice.send("{\"sub\":{\"id\":\"a1\",\"topic\":\"" + mallory.userId() + "\"}}");
        assertThat(alice.ctrlFor("a1").get("code").getAsInt()).isEqualTo(200);
        String grp = mallory.request("sub", TestClient.json("{\"id\":\"m1\",\"topic\":\"new\","
                + "\"set\":{\"desc\":{\"defacs\":{\"auth\":\"JRWPS\"}}}}")).get("topic").getAsString();
        alice.send("{\"sub\":{\"id\":\"a2\",\"topic\":\"" + grp + "\"}}");
        assertThat(alice.ctrlFor("a2").get("code").getAsInt()).isEqualTo(200);
        TestClient root = root("boss");

        assertThat(status(root, "s1", mallory.userId(), "susp").get("code").getAsInt()).isEqualTo(200);
        alice.send("{\"pub\":{\"id\":\"a3\",\"topic\":\"" + mallory.userId() + "\",\"content\":\"hello?\"}}");
        assertThat(alice.ctrlFor("a3").get("code").getAsInt()).isEqualTo(403);
        alice.send("{\"pub\":{\"id\":\"a4\",\"topic\":\"" + grp + "\",\"content\":\"anyone?\"}}");
        assertThat(alice.ctrlFor("a4").get("code").getAsInt()).isEqualTo(403);
        // Reading goes on.
        alice.send("{\"get\":{\"id\":\"a5\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        // Mallory's evicted session leaves the group asynchronously: its "off" may come first.
        JsonObject meta = alice.next();
        while (meta.has("pres")) {
            meta = alice.next();
        }
        assertThat(meta.getAsJsonObject("meta").get("id").getAsString()).isEqualTo("a5");
        // Nobody is invited into a suspended group.
        alice.send("{\"set\":{\"id\":\"a6\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + carol.userId()
                + "\",\"mode\":\"JRWPS\"}}}");
        assertThat(alice.ctrlFor("a6").get("code").getAsInt()).isEqualTo(403);

        assertThat(status(root, "s2", mallory.userId(), "ok").get("code").getAsInt()).isEqualTo(200);
        alice.send("{\"pub\":{\"id\":\"a7\",\"topic\":\"" + mallory.userId() + "\",\"content\":\"welcome back\"}}");
        assertThat(alice.ctrlFor("a7").get("code").getAsInt()).isEqualTo(202);
        alice.send("{\"pub\":{\"id\":\"a8\",\"topic\":\"" + grp + "\",\"content\":\"welcome back\"}}");
        assertThat(alice.ctrlFor("a8").get("code").getAsInt()).isEqualTo(202);
    }
}

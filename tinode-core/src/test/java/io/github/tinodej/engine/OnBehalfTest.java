package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/**
 * Root acting on behalf of another user ({@code extra.obo}, {@code extra.authlevel}), as Go's
 * session does with {@code msg.AsUser}: topics see the named user, the root session's client gets
 * the replies, and a message published so says in {@code head.sender} who really sent it.
 * The refusals (non-root 403, bad obo 400) are in AuthorizationTest (AZ-05).
 */
class OnBehalfTest extends EngineTest {

    private static String obo(String frame, String uid) {
        return frame.substring(0, frame.length() - 1) + ",\"extra\":{\"obo\":\"" + uid + "\"}}";
    }

    @Test
    void rootPublishesAsAlice_bobGetsItFromAlice_withRootAsSender() {
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        alice.send("{\"sub\":{\"id\":\"a1\",\"topic\":\"" + bob.userId() + "\"}}");
        assertThat(alice.ctrlFor("a1").get("code").getAsInt()).isEqualTo(200);
        bob.send("{\"sub\":{\"id\":\"b1\",\"topic\":\"" + alice.userId() + "\"}}");
        assertThat(bob.ctrlFor("b1").get("code").getAsInt()).isEqualTo(200);
        TestClient root = root("boss");

        // Attached as alice: the topic is named after bob, as alice sees it.
        root.send(obo("{\"sub\":{\"id\":\"r1\",\"topic\":\"" + bob.userId() + "\"}}", alice.userId()));
        JsonObject sub = root.ctrlFor("r1");
        assertThat(sub.get("code").getAsInt()).isEqualTo(200);
        assertThat(sub.get("topic").getAsString()).isEqualTo(bob.userId());

        root.send(obo("{\"pub\":{\"id\":\"r2\",\"topic\":\"" + bob.userId() + "\",\"content\":\"hi from root\","
                + "\"head\":{\"sender\":\"usrFORGED\",\"mime\":\"text/plain\"}}}", alice.userId()));
        assertThat(root.ctrlFor("r2").get("code").getAsInt()).isEqualTo(202);

        JsonObject data = nextOf(bob, "data");
        assertThat(data.get("from").getAsString()).isEqualTo(alice.userId());
        assertThat(data.get("topic").getAsString()).isEqualTo(alice.userId());
        assertThat(data.get("content").getAsString()).isEqualTo("hi from root");
        // The forged sender is replaced by the real one, other head fields kept.
        assertThat(data.getAsJsonObject("head").get("sender").getAsString()).isEqualTo(root.userId());
        assertThat(data.getAsJsonObject("head").get("mime").getAsString()).isEqualTo("text/plain");

        // Without obo the same name means root's own p2p topic with bob, not attached.
        root.send("{\"pub\":{\"id\":\"r3\",\"topic\":\"" + bob.userId() + "\",\"content\":\"as root\"}}");
        assertThat(root.ctrlFor("r3").get("code").getAsInt()).isEqualTo(409);
    }

    @Test
    void rootReadsAlicesMe_andLeavesAsAlice() {
        TestClient alice = user("alice");
        alice.send("{\"sub\":{\"id\":\"a1\",\"topic\":\"me\"}}");
        alice.ctrlFor("a1");
        alice.send("{\"set\":{\"id\":\"a2\",\"topic\":\"me\",\"desc\":{\"public\":{\"fn\":\"Alice\"}}}}");
        assertThat(alice.ctrlFor("a2").get("code").getAsInt()).isEqualTo(200);
        TestClient root = root("boss");
        root.send(obo("{\"sub\":{\"id\":\"r1\",\"topic\":\"me\",\"get\":{\"what\":\"desc\"}}}", alice.userId()));
        assertThat(root.ctrlFor("r1").get("code").getAsInt()).isEqualTo(200);
        JsonObject meta = nextOf(root, "meta");
        assertThat(meta.get("topic").getAsString()).isEqualTo("me");
        assertThat(meta.getAsJsonObject("desc").getAsJsonObject("public").get("fn").getAsString()).isEqualTo("Alice");
        root.send(obo("{\"leave\":{\"id\":\"r2\",\"topic\":\"me\"}}", alice.userId()));
        assertThat(root.ctrlFor("r2").get("code").getAsInt()).isEqualTo(200);
        // Root's own 'me' was never attached.
        root.send("{\"leave\":{\"id\":\"r3\",\"topic\":\"me\"}}");
        assertThat(root.ctrlFor("r3").get("code").getAsInt()).isEqualTo(304);
    }

    @Test
    void rootChangesAlicesPassword_throughAccWithObo() {
        TestClient alice = user("alice");
        TestClient root = root("boss");
        root.send(obo("{\"acc\":{\"id\":\"r1\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64(":changed-by-root")
                + "\"}}", alice.userId()));
        assertThat(root.ctrlFor("r1").get("code").getAsInt()).isEqualTo(200);

        TestClient again = client();
        again.hi();
        assertThat(again.loginBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(401);
        JsonObject ok = again.loginBasic("alice", "changed-by-root");
        assertThat(ok.get("code").getAsInt()).isEqualTo(200);
        assertThat(ok.getAsJsonObject("params").get("user").getAsString()).isEqualTo(alice.userId());
        // Root's own password is untouched.
        TestClient boss = client();
        boss.hi();
        assertThat(boss.loginBasic("boss", "boss-secret").get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void rootWithObo_actsAtTheGivenLevel_anonSeesTheAnonDefault() {
        TestClient owner = user("owner");
        TestClient alice = user("alice");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\",\"set\":{\"desc\":"
                + "{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"N\"}}}}")).get("topic").getAsString();
        TestClient root = root("boss");
        root.send("{\"sub\":{\"id\":\"r1\",\"topic\":\"" + grp + "\"},\"extra\":{\"obo\":\"" + alice.userId()
                + "\",\"authlevel\":\"anon\"}}");
        // Alice at level anon gets the group's anon default, N: no access.
        assertThat(root.ctrlFor("r1").get("code").getAsInt()).isEqualTo(403);
        root.send(obo("{\"sub\":{\"id\":\"r2\",\"topic\":\"" + grp + "\"}}", alice.userId()));
        assertThat(root.ctrlFor("r2").get("code").getAsInt()).isEqualTo(200);
    }


}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.plugin.FireHose;
import io.github.tinodej.plugin.Plugin;
import io.github.tinodej.plugin.PluginFilters;
import io.github.tinodej.plugin.PluginSession;
import io.github.tinodej.testing.TestClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** In-process plugins' FireHose (Tinode's plugins.go): pass, modify, respond, drop, failure policy. */
class PluginFireHoseTest extends EngineTest {
    /** Sees every pub in groups; acts on the content's first word. */
    private final List<PluginSession> seen = new CopyOnWriteArrayList<>();
    private final List<String> frames = new CopyOnWriteArrayList<>();

    private final Plugin moderator = new Plugin() {
        @Override
        public String name() {
            return "moderator";
        }

        @Override
        public PluginFilters filters() {
            return PluginFilters.parse("pub;grp", null, null, null, null, false);
        }

        @Override
        public FireHose fireHose(PluginSession session, String json) {
            seen.add(session);
            frames.add(json);
            JsonObject pub = TestClient.json(json).getAsJsonObject("pub");
            String text = pub.get("content").getAsString();
            String id = pub.get("id").getAsString();
            if (text.startsWith("drop")) {
                return FireHose.drop();
            }
            if (text.startsWith("respond")) {
                return FireHose.respond("{\"ctrl\":{\"id\":\"" + id + "\",\"code\":403,\"text\":\"no, says the plugin\"}}");
            }
            if (text.startsWith("boom")) {
                throw new IllegalStateException("plugin crashed");
            }
            if (text.startsWith("darn")) {
                pub.addProperty("content", "d**n" + text.substring(4));
                JsonObject replaced = new JsonObject();
                replaced.add("pub", pub);
                return FireHose.replace(replaced.toString());
            }
            return FireHose.pass();
        }
    };

    /** Second in line, with a failure code: answers 503 when it fails. */
    private final Plugin strict = new Plugin() {
        @Override
        public String name() {
            return "strict";
        }

        @Override
        public PluginFilters filters() {
            return PluginFilters.parse("pub", null, null, null, null, false);
        }

        @Override
        public FireHose fireHose(PluginSession session, String json) {
            if (json.contains("strict-fail")) {
                throw new IllegalStateException("down");
            }
            return FireHose.pass();
        }

        @Override
        public int failureCode() {
            return 503;
        }

        @Override
        public String failureText() {
            return "plugin unavailable";
        }
    };

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.plugin(moderator).plugin(strict);
    }

    private String group(TestClient owner) {
        JsonObject ok = owner.request("sub", TestClient.json("{\"id\":\"g\",\"topic\":\"new\"}"));
        assertThat(ok.get("code").getAsInt()).isEqualTo(200);
        return ok.get("topic").getAsString();
    }

    private JsonObject pub(TestClient c, String topic, String id, String content) {
        c.send("{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"content\":\"" + content + "\"}}");
        return c.ctrlFor(id);
    }

    @Test
    void pass_modify_respond_drop() {
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        String grp = group(alice);
        assertThat(bob.request("sub", TestClient.json("{\"id\":\"j\",\"topic\":\"" + grp + "\"}")).get("code").getAsInt())
                .isEqualTo(200);

        assertThat(pub(alice, grp, "p1", "hello").get("code").getAsInt()).isEqualTo(202);
        assertThat(nextOf(bob, "data").get("content").getAsString()).isEqualTo("hello");
        PluginSession s = seen.get(0);
        assertThat(s.userId()).isEqualTo(alice.userId());
        assertThat(s.authLevel()).isEqualTo("AUTH");
        assertThat(frames.get(0)).contains("\"hello\"");

        assertThat(pub(alice, grp, "p2", "darn it").get("code").getAsInt()).isEqualTo(202);
        assertThat(nextOf(bob, "data").get("content").getAsString()).isEqualTo("d**n it");

        JsonObject refused = pub(alice, grp, "p3", "respond please");
        assertThat(refused.get("code").getAsInt()).isEqualTo(403);
        assertThat(refused.get("text").getAsString()).isEqualTo("no, says the plugin");

        alice.send("{\"pub\":{\"id\":\"p4\",\"topic\":\"" + grp + "\",\"content\":\"drop me\"}}");
        // Dropped: no reply; the next request is answered as usual and bob saw neither message.
        assertThat(pub(alice, grp, "p5", "after").get("code").getAsInt()).isEqualTo(202);
        assertThat(nextOf(bob, "data").get("content").getAsString()).isEqualTo("after");
        // The dropped message was never stored: p5 took the seq after p2.
        assertThat(nextOf(alice, "data").get("seq").getAsInt()).isEqualTo(3);
    }

    @Test
    void failure_ignoredWithoutCode_answeredWithCode_sessionSurvives() {
        TestClient alice = user("alice");
        String grp = group(alice);
        // The moderator throws and has no failure code: the message goes on.
        assertThat(pub(alice, grp, "p1", "boom").get("code").getAsInt()).isEqualTo(202);
        // The strict plugin throws with code 503: the client gets Tinode's failure ctrl.
        JsonObject failed = pub(alice, grp, "p2", "strict-fail");
        assertThat(failed.get("code").getAsInt()).isEqualTo(503);
        assertThat(failed.get("text").getAsString()).isEqualTo("plugin unavailable");
        assertThat(failed.get("topic").getAsString()).isEqualTo(grp);
        assertThat(pub(alice, grp, "p3", "fine").get("code").getAsInt()).isEqualTo(202);
    }

    @Test
    void filters_skipOtherPacketsAndTopics() {
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        // A p2p pub is outside the moderator's "pub;grp" filter: never seen, never dropped.
        alice.request("sub", TestClient.json("{\"id\":\"s\",\"topic\":\"" + bob.userId() + "\"}"));
        assertThat(pub(alice, bob.userId(), "p1", "drop this?").get("code").getAsInt()).isEqualTo(202);
        assertThat(seen).isEmpty();
    }

    @Test
    void duplicateNames_refusedByTheBuilder() {
        assertThatThrownBy(() -> TinodeServer.builder().plugin(moderator).plugin(moderator))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate name 'moderator'");
    }
}

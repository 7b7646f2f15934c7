package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.plugin.FindResult;
import io.github.tinodej.plugin.Plugin;
import io.github.tinodej.plugin.PluginFilters;
import io.github.tinodej.testing.TestClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A plugin answering searches in fnd (Tinode's pluginFind): respond, replace, drop, pass. */
class PluginFindTest extends EngineTest {
    private final AtomicReference<String> bob = new AtomicReference<>();
    private final AtomicReference<String> searcher = new AtomicReference<>();

    private final Plugin directory = new Plugin() {
        @Override
        public String name() {
            return "directory";
        }

        @Override
        public PluginFilters filters() {
            return PluginFilters.parse(null, null, null, null, null, true);
        }

        @Override
        public FindResult find(String userId, String query) {
            searcher.set(userId);
            return switch (query) {
                case "friends" -> FindResult.respond(List.of(bob.get(), "usrNotAUser1", "grpNoSuchGrp"));
                case "nobody" -> FindResult.drop();
                case "carol please" -> FindResult.replace("basic:carol");
                case "crash" -> throw new IllegalStateException("directory down");
                default -> FindResult.pass();
            };
        }
    };

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.plugin(directory);
    }

    /** Sets the fnd query and returns the topics found, or null for 204. */
    private static List<String> search(TestClient c, String query) {
        c.send("{\"set\":{\"id\":\"q" + c.nextId() + "\",\"topic\":\"fnd\",\"desc\":{\"public\":\"" + query + "\"}}}");
        c.nextCtrlSkippingOthers();
        String id = "g" + c.nextId();
        c.send("{\"get\":{\"id\":\"" + id + "\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        while (true) {
            JsonObject f = c.next();
            if (f.has("ctrl") && id.equals(f.getAsJsonObject("ctrl").get("id").getAsString())) {
                assertThat(f.getAsJsonObject("ctrl").get("code").getAsInt()).isEqualTo(204);
                return null;
            }
            if (f.has("meta") && id.equals(f.getAsJsonObject("meta").get("id").getAsString())) {
                JsonArray sub = f.getAsJsonObject("meta").getAsJsonArray("sub");
                List<String> out = new java.util.ArrayList<>();
                sub.forEach(e -> out.add(e.getAsJsonObject().get("topic").getAsString()));
                return out;
            }
        }
    }

    @Test
    void respondReplaceDropPass() {
        TestClient alice = user("alice");
        TestClient b = user("bobby");
        TestClient carol = user("carol");
        bob.set(b.userId());
        assertThat(alice.request("sub", TestClient.json("{\"id\":\"f\",\"topic\":\"fnd\"}")).get("code").getAsInt())
                .isEqualTo(200);

        // The plugin's answer, described from the store; names it made up are left out.
        assertThat(search(alice, "friends")).containsExactly(b.userId());
        assertThat(searcher.get()).isEqualTo(alice.userId());
        assertThat(search(alice, "carol please")).containsExactly(carol.userId());
        assertThat(search(alice, "nobody")).isNull();
        // Not the plugin's business: the tag search as usual. A failing plugin is skipped.
        assertThat(search(alice, "basic:bobby")).containsExactly(b.userId());
        assertThat(search(alice, "crash")).isNull();
    }
}

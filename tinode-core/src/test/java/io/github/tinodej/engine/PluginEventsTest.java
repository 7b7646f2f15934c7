package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.plugin.AccountEvent;
import io.github.tinodej.plugin.Crud;
import io.github.tinodej.plugin.MessageEvent;
import io.github.tinodej.plugin.Plugin;
import io.github.tinodej.plugin.PluginFilters;
import io.github.tinodej.plugin.SubscriptionEvent;
import io.github.tinodej.plugin.TopicEvent;
import io.github.tinodej.testing.TestClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plugins' event hooks: accounts, topics, subscriptions and messages, where Tinode calls them. */
class PluginEventsTest extends EngineTest {
    private final BlockingQueue<Record> events = new LinkedBlockingQueue<>();
    /** Only group topics, subscriptions and messages; every account action. */
    private final Plugin listener = new Plugin() {
        @Override
        public String name() {
            return "listener";
        }

        @Override
        public PluginFilters filters() {
            return PluginFilters.parse(null, "CUD", "grp;CUD", "grp", "grp;C", false);
        }

        @Override
        public void account(AccountEvent e) {
            events.add(e);
        }

        @Override
        public void topic(TopicEvent e) {
            events.add(e);
        }

        @Override
        public void subscription(SubscriptionEvent e) {
            events.add(e);
        }

        @Override
        public void message(MessageEvent e) {
            events.add(e);
        }
    };

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.plugin(listener);
    }

    /** Sends a request and returns its ctrl, skipping presence and data that arrive meanwhile. */
    private static JsonObject call(TestClient c, String kind, String body) {
        JsonObject b = TestClient.json(body);
        JsonObject w = new JsonObject();
        w.add(kind, b);
        c.send(w);
        return c.ctrlFor(b.get("id").getAsString());
    }

    @SuppressWarnings("unchecked")
    private <T extends Record> T next(Class<T> kind) throws InterruptedException {
        Record r = events.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("an event of kind " + kind.getSimpleName()).isInstanceOf(kind);
        return (T) r;
    }

    @Test
    void accountTopicSubscriptionMessage_inOrder_onlyWhatTheFiltersSelect() throws Exception {
        TestClient alice = user("alice");
        AccountEvent created = next(AccountEvent.class);
        assertThat(created.action()).isEqualTo(Crud.CREATE);
        assertThat(created.userId()).isEqualTo(alice.userId());
        assertThat(created.defaultAuth()).isEqualTo(store.getUser(io.github.tinodej.model.Uid.parseUserId(alice.userId()))
                .orElseThrow().access().auth().toString());
        assertThat(created.tags()).contains("basic:alice");
        TestClient bob = user("bobby");
        assertThat(next(AccountEvent.class).userId()).isEqualTo(bob.userId());

        JsonObject ok = call(alice, "sub",
                "{\"id\":\"g\",\"topic\":\"new\",\"set\":{\"desc\":{\"public\":{\"fn\":\"Club\"}}}}");
        String grp = ok.get("topic").getAsString();
        TopicEvent topic = next(TopicEvent.class);
        assertThat(topic).isEqualTo(new TopicEvent(Crud.CREATE, grp, "JRWPS", "N", "{\"fn\":\"Club\"}", null));
        SubscriptionEvent owner = next(SubscriptionEvent.class);
        assertThat(owner.action()).isEqualTo(Crud.CREATE);
        assertThat(owner.userId()).isEqualTo(alice.userId());
        assertThat(owner.given()).isEqualTo("JRWPASDO");

        call(bob, "sub", "{\"id\":\"j\",\"topic\":\"" + grp + "\"}");
        SubscriptionEvent joined = next(SubscriptionEvent.class);
        assertThat(joined.action()).isEqualTo(Crud.CREATE);
        assertThat(joined.userId()).isEqualTo(bob.userId());

        // A p2p topic is outside the filters: nothing.
        call(alice, "sub", "{\"id\":\"p\",\"topic\":\"" + bob.userId() + "\"}");

        alice.send("{\"pub\":{\"id\":\"m\",\"topic\":\"" + grp + "\",\"head\":{\"mime\":\"text/plain\"},\"content\":\"hi all\"}}");
        int seq = alice.ctrlFor("m").getAsJsonObject("params").get("seq").getAsInt();
        MessageEvent msg = next(MessageEvent.class);
        assertThat(msg.topic()).isEqualTo(grp);
        assertThat(msg.fromUserId()).isEqualTo(alice.userId());
        assertThat(msg.seq()).isEqualTo(seq);
        assertThat(msg.contentJson()).isEqualTo("\"hi all\"");
        assertThat(msg.headJson()).contains("text/plain");

        call(alice, "set", "{\"id\":\"d\",\"topic\":\"" + grp + "\",\"desc\":{\"public\":{\"fn\":\"Club 2\"}}}");
        assertThat(next(TopicEvent.class).action()).isEqualTo(Crud.UPDATE);

        call(bob, "leave", "{\"id\":\"l\",\"topic\":\"" + grp + "\",\"unsub\":true}");
        SubscriptionEvent left = next(SubscriptionEvent.class);
        assertThat(left.action()).isEqualTo(Crud.DELETE);
        assertThat(left.userId()).isEqualTo(bob.userId());

        JsonObject pw = call(alice, "acc", "{\"id\":\"a\",\"user\":\"" + alice.userId()
                + "\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64("alice:new-secret") + "\"}");
        assertThat(pw.get("code").getAsInt()).isEqualTo(200);
        assertThat(next(AccountEvent.class).action()).isEqualTo(Crud.UPDATE);

        call(alice, "del", "{\"id\":\"x\",\"topic\":\"" + grp + "\",\"what\":\"topic\",\"hard\":true}");
        assertThat(next(TopicEvent.class)).isEqualTo(new TopicEvent(Crud.DELETE, grp, null, null, null, null));
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).as("nothing else, p2p included").isNull();
    }
}

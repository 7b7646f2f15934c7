package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.api.Test;

/** Channels: a group created with nch, read by subscribers through its chn name. */
class ChannelTest extends EngineTest {

    @Test
    void channel_readersReceiveWithoutFromAndCannotWrite() {
        TestClient owner = user("owner");
        JsonObject created = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nchNews\",\"set\":"
                + "{\"desc\":{\"public\":{\"fn\":\"News\"}},\"tags\":[\"news\"]}}"));
        String grp = created.get("topic").getAsString();
        assertThat(grp).startsWith("grp");
        String chn = "chn" + grp.substring(3);

        TestClient reader = user("reader");
        JsonObject sub = reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"" + chn + "\"}"));
        assertThat(sub.get("code").getAsInt()).isEqualTo(200);
        assertThat(sub.get("topic").getAsString()).isEqualTo(chn);
        assertThat(sub.getAsJsonObject("params").getAsJsonObject("acs").get("mode").getAsString()).isEqualTo("JRP");

        owner.send("{\"pub\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"breaking\"}}");
        assertThat(owner.nextCtrlSkippingOthers().get("code").getAsInt()).isEqualTo(202);
        JsonObject data = reader.next("data");
        assertThat(data.get("topic").getAsString()).isEqualTo(chn);
        assertThat(data.has("from")).isFalse();

        reader.send("{\"pub\":{\"id\":\"4\",\"topic\":\"" + chn + "\",\"content\":\"reply\"}}");
        assertThat(reader.ctrl().get("code").getAsInt()).isEqualTo(403);
        reader.send("{\"del\":{\"id\":\"5\",\"topic\":\"" + chn + "\",\"delseq\":[{\"low\":1}]}}");
        assertThat(reader.ctrl().get("code").getAsInt()).isEqualTo(405);

        // History for readers carries no sender either.
        reader.send("{\"get\":{\"id\":\"6\",\"topic\":\"" + chn + "\",\"what\":\"data\"}}");
        assertThat(reader.next("data").has("from")).isFalse();
        assertThat(reader.ctrl().get("code").getAsInt()).isEqualTo(208);

        // Readers see only their own subscription.
        reader.send("{\"get\":{\"id\":\"7\",\"topic\":\"" + chn + "\",\"what\":\"sub\"}}");
        JsonObject subs = reader.next("meta");
        assertThat(subs.getAsJsonArray("sub")).hasSize(1);
        assertThat(subs.getAsJsonArray("sub").get(0).getAsJsonObject().get("user").getAsString()).isEqualTo(reader.userId());
    }

    @Test
    void channel_notesFromReaders_storedButNotBroadcast() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nch\"}")).get("topic").getAsString();
        String chn = "chn" + grp.substring(3);
        TestClient reader = user("reader");
        reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"" + chn + "\"}"));
        owner.send("{\"pub\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"x\"}}");
        owner.nextCtrlSkippingOthers();
        reader.next("data");
        reader.send("{\"note\":{\"topic\":\"" + chn + "\",\"what\":\"read\",\"seq\":1}}");
        reader.send("{\"get\":{\"id\":\"4\",\"topic\":\"" + chn + "\",\"what\":\"desc\"}}");
        assertThat(reader.next("meta").getAsJsonObject("desc").get("read").getAsInt()).isEqualTo(1);
        owner.expectNoMoreFramesIgnoring("pres");
    }

    @Test
    void nonChannelGroup_addressedAsChannel_notFound() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        TestClient reader = user("reader");
        JsonObject r = reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"chn" + grp.substring(3) + "\"}"));
        assertThat(r.get("code").getAsInt()).isEqualTo(404);
    }

    @Test
    void memberAddressingChannelName_useOther() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nch\"}")).get("topic").getAsString();
        TestClient member = user("member");
        owner.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\""
                + member.userId() + "\",\"mode\":\"JRWPS\"}}"));
        JsonObject r = member.request("sub", TestClient.json("{\"id\":\"3\",\"topic\":\"chn" + grp.substring(3) + "\"}"));
        assertThat(r.get("code").getAsInt()).isEqualTo(303);
        assertThat(r.get("text").getAsString()).isEqualTo("use other");
        assertThat(r.getAsJsonObject("params").get("topic").getAsString()).isEqualTo(grp);
    }

    @Test
    void subcnt_countsChannelReaders() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nch\"}")).get("topic").getAsString();
        TestClient reader = user("reader");
        reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"chn" + grp.substring(3) + "\"}"));
        owner.send("{\"get\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"what\":\"desc\"}}");
        JsonObject f = owner.next();
        while (!f.has("meta")) {
            f = owner.next();
        }
        // TinodeWeb shows subcnt as the channel's subscriber count.
        assertThat(f.getAsJsonObject("meta").getAsJsonObject("desc").get("subcnt").getAsInt()).isEqualTo(2);
    }

    @Test
    void auxChange_reachesAttachedReadersUnderTheChannelName() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nch\"}")).get("topic").getAsString();
        String chn = "chn" + grp.substring(3);
        TestClient reader = user("reader");
        reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"" + chn + "\"}"));
        owner.send("{\"set\":{\"id\":\"3\",\"topic\":\"" + grp + "\",\"aux\":{\"pins\":[1]}}}");
        assertThat(owner.ctrlFor("3").get("code").getAsInt()).isEqualTo(200);
        assertThat(reader.next("pres").toString()).isEqualTo("{\"topic\":\"" + chn + "\",\"what\":\"aux\"}");
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.Uid;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.RecordingPushProvider;
import io.github.tinodej.testing.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receipts the engine hands to a push provider (protocol.md section 11.1). */
class PushEventTest extends EngineTest {
    private final RecordingPushProvider push = new RecordingPushProvider();

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.push(push).iceServers("[{\"urls\":[\"stun:stun.example.org\"]}]");
    }

    private static Uid uid(TestClient c) {
        return Uid.parseUserId(c.userId());
    }

    private static int pub(TestClient c, String topic, String head, String content) {
        c.send("{\"pub\":{\"id\":\"p" + c.nextId() + "\",\"topic\":\"" + topic + "\"" + (head == null ? "" : ",\"head\":" + head)
                + ",\"content\":" + content + "}}");
        JsonObject ack = c.nextCtrlSkippingOthers();
        assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        return ack.getAsJsonObject("params").get("seq").getAsInt();
    }

    /** A attached to a p2p topic with B, who is subscribed but offline. */
    private String p2p(TestClient a, TestClient b) {
        JsonObject ok = a.request("sub", TestClient.json("{\"id\":\"s1\",\"topic\":\"" + b.userId() + "\"}"));
        assertThat(ok.get("code").getAsInt()).as(ok.toString()).isEqualTo(200);
        return store.getUserSubscriptions(uid(a)).stream().map(s -> s.topic()).filter(t -> t.startsWith("p2p"))
                .findFirst().orElseThrow();
    }

    @Test
    void p2pMessage_toBothWithDeliveredDevicesAndUnread_newSubToPeer() {
        TestClient a = user("alice");
        assertThat(a.request("hi", TestClient.json("{\"id\":\"d\",\"dev\":\"tok-a\"}")).get("code").getAsInt()).isEqualTo(200);
        TestClient b = user("bobby");
        b.close();
        String topic = p2p(a, b);

        PushReceipt sub = push.next(PushReceipt.SUB);
        assertThat(sub.to()).containsOnlyKeys(uid(b));
        assertThat(sub.payload().topic()).isEqualTo(a.userId());
        assertThat(sub.payload().from()).isEqualTo(uid(a));
        assertThat(sub.payload().want().toString()).isEqualTo("JRWPAD");
        assertThat(sub.payload().given().toString()).isEqualTo("JRWPAD");

        int seq = pub(a, b.userId(), "{\"mime\":\"text/x-drafty\"}", "{\"txt\":\"hello\"}");
        PushReceipt msg = push.next(PushReceipt.MSG);
        PushReceipt.Payload p = msg.payload();
        assertThat(p.topic()).isEqualTo(topic);
        assertThat(p.seq()).isEqualTo(seq);
        assertThat(p.silent()).isFalse();
        assertThat(p.mime()).isEqualTo("text/x-drafty");
        assertThat(p.contentJson()).isEqualTo("{\"txt\":\"hello\"}");
        assertThat(msg.channel()).isNull();
        assertThat(msg.to().get(uid(a))).isEqualTo(new PushReceipt.Recipient(1, List.of("tok-a"), 0));
        assertThat(msg.to().get(uid(b))).isEqualTo(new PushReceipt.Recipient(0, List.of(), 1));

        pub(a, b.userId(), null, "\"again\"");
        assertThat(push.next(PushReceipt.MSG).to().get(uid(b)).unread()).isEqualTo(2);
    }

    @Test
    void read_silentToReaderNamedAsReaderSeesIt_clearsUnread() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        p2p(a, b);
        // Each receipt awaited before the next message: a count loaded from the store is the
        // count at that moment, which may already include a later message.
        pub(a, b.userId(), null, "\"one\"");
        assertThat(push.next(PushReceipt.MSG).to().get(uid(b)).unread()).isEqualTo(1);
        pub(a, b.userId(), null, "\"two\"");
        assertThat(push.next(PushReceipt.MSG).to().get(uid(b)).unread()).isEqualTo(2);

        b.request("sub", TestClient.json("{\"id\":\"s2\",\"topic\":\"" + a.userId() + "\"}"));
        b.send("{\"note\":{\"topic\":\"" + a.userId() + "\",\"what\":\"read\",\"seq\":1}}");
        PushReceipt read = push.next(PushReceipt.READ);
        assertThat(read.payload().silent()).isTrue();
        assertThat(read.payload().seq()).isEqualTo(1);
        assertThat(read.payload().topic()).isEqualTo(a.userId());
        assertThat(read.to()).containsOnlyKeys(uid(b));
        assertThat(read.to().get(uid(b)).unread()).isEqualTo(1);

        // B attached now: the next message counts B's session as delivered.
        pub(a, b.userId(), null, "\"three\"");
        PushReceipt msg = push.next(PushReceipt.MSG);
        assertThat(msg.to().get(uid(b)).delivered()).isEqualTo(1);
        assertThat(msg.to().get(uid(b)).unread()).isEqualTo(2);
    }

    @Test
    void groupMessage_toOfflineMember_andInviteAndNewMemberSubs() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        assertThat(push.next(PushReceipt.SUB).to()).containsOnlyKeys(uid(a));
        a.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\"" + b.userId() + "\"}}"));
        PushReceipt invite = push.next(PushReceipt.SUB);
        assertThat(invite.to()).containsOnlyKeys(uid(b));
        assertThat(invite.payload().topic()).isEqualTo(grp);
        assertThat(invite.payload().from()).isEqualTo(uid(a));

        pub(a, grp, null, "\"hi all\"");
        PushReceipt msg = push.next(PushReceipt.MSG);
        assertThat(msg.payload().topic()).isEqualTo(grp);
        assertThat(msg.to().get(uid(b))).isEqualTo(new PushReceipt.Recipient(0, List.of(), 1));
        assertThat(msg.to().get(uid(a)).delivered()).isEqualTo(1);

        TestClient c = user("carol");
        c.request("sub", TestClient.json("{\"id\":\"3\",\"topic\":\"" + grp + "\"}"));
        PushReceipt joined = push.next(PushReceipt.SUB);
        assertThat(joined.payload().from()).isEqualTo(uid(c));
        assertThat(joined.to()).containsKeys(uid(a), uid(b));
    }

    @Test
    void channelMessage_namesTheChannelForReaders() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nch\"}")).get("topic").getAsString();
        TestClient reader = user("reader");
        reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"chn" + grp.substring(3) + "\"}"));
        pub(owner, grp, null, "\"news\"");
        PushReceipt msg = push.next(PushReceipt.MSG);
        assertThat(msg.channel()).isEqualTo("chn" + grp.substring(3));
        assertThat(msg.to()).containsOnlyKeys(Uid.parseUserId(owner.userId()));
    }

    @Test
    void channelReaders_joinAndLeaveTheChannelTopic_newDevicesJoinTheirChannels() {
        TestClient owner = user("owner");
        String grp = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"nch\"}")).get("topic").getAsString();
        String chn = "chn" + grp.substring(3);
        TestClient reader = user("reader");
        Uid r = uid(reader);
        reader.request("sub", TestClient.json("{\"id\":\"2\",\"topic\":\"" + chn + "\"}"));
        assertThat(push.nextChannelRequest()).isEqualTo(new ChannelRequest(r, null, chn, false));
        assertThat(reader.request("hi", TestClient.json("{\"id\":\"3\",\"dev\":\"tok-r\"}")).get("code").getAsInt())
                .isEqualTo(200);
        assertThat(push.nextChannelRequest()).isEqualTo(new ChannelRequest(r, "tok-r", null, false));
        reader.request("leave", TestClient.json("{\"id\":\"4\",\"topic\":\"" + chn + "\",\"unsub\":true}"));
        assertThat(push.nextChannelRequest()).isEqualTo(new ChannelRequest(r, null, chn, true));

        owner.send("{\"del\":{\"id\":\"5\",\"topic\":\"" + grp + "\",\"what\":\"topic\",\"hard\":true}}");
        assertThat(owner.ctrlFor("5").get("code").getAsInt()).isEqualTo(200);
        PushReceipt gone = push.next(PushReceipt.SUB);
        while (gone.channel() == null) {
            gone = push.next(PushReceipt.SUB);
        }
        assertThat(gone.channel()).isEqualTo(chn);
        assertThat(gone.to()).isEmpty();
        assertThat(gone.payload().silent()).isTrue();
        assertThat(gone.payload().want().toString()).isEqualTo("N");
    }

    @Test
    void callAndEdit_carryWebrtcAndReplace() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        p2p(a, b);
        int seq = pub(a, b.userId(), "{\"webrtc\":\"started\",\"mime\":\"text/x-drafty\",\"aonly\":true}",
                "{\"fmt\":[{\"len\":1,\"tp\":\"VC\"}],\"txt\":\" \"}");
        PushReceipt call = push.next(PushReceipt.MSG);
        assertThat(call.payload().webrtc()).isEqualTo("started");
        assertThat(call.payload().audioOnly()).isTrue();

        // The caller hangs up before an answer: the server publishes the replacement "missed".
        a.send("{\"note\":{\"topic\":\"" + b.userId() + "\",\"what\":\"call\",\"event\":\"hang-up\",\"seq\":" + seq + "}}");
        PushReceipt missed = push.next(PushReceipt.MSG);
        assertThat(missed.payload().webrtc()).isEqualTo("missed");
        assertThat(missed.payload().replace()).isEqualTo(":" + seq);
        assertThat(missed.payload().from()).isEqualTo(uid(a));

        pub(a, b.userId(), "{\"replace\":\":" + seq + "\"}", "\"edited\"");
        assertThat(push.next(PushReceipt.MSG).payload().replace()).isEqualTo(":" + seq);
    }

    @Test
    void providerCounters_onTheMonitoringFigures() {
        TestClient a = user("alice");
        TestClient b = user("bobby");
        p2p(a, b);
        pub(a, b.userId(), null, "\"one\"");
        push.next(PushReceipt.MSG);
        assertThat(server.stats().pushSent()).isEqualTo(2);
        assertThat(server.stats().pushDropped()).isZero();
    }
}

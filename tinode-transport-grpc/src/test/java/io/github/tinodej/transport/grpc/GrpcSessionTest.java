package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.GrpcClient.json;
import static io.github.tinodej.transport.grpc.GrpcClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.server.Limits;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.grpc.pbx.ClientAcc;
import io.github.tinodej.transport.grpc.pbx.ClientGet;
import io.github.tinodej.transport.grpc.pbx.ClientHi;
import io.github.tinodej.transport.grpc.pbx.ClientLogin;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientNote;
import io.github.tinodej.transport.grpc.pbx.ClientPub;
import io.github.tinodej.transport.grpc.pbx.ClientSub;
import io.github.tinodej.transport.grpc.pbx.GetOpts;
import io.github.tinodej.transport.grpc.pbx.GetQuery;
import io.github.tinodej.transport.grpc.pbx.InfoNote;
import io.github.tinodej.transport.grpc.pbx.ServerCtrl;
import io.github.tinodej.transport.grpc.pbx.ServerData;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.github.tinodej.transport.grpc.pbx.ServerPres;
import io.github.tinodej.transport.grpc.pbx.SetDesc;
import io.github.tinodej.transport.grpc.pbx.SetQuery;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole session over gRPC with the generated Java stubs, against a real server on a free port. */
class GrpcSessionTest {
    private TinodeServer server;
    private GrpcTransport grpc;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        grpc = GrpcTransport.builder().host("127.0.0.1").port(0).build();
        server = TestServers.builder().transport(grpc).limits(Limits.STOCK.withMaxMessageSize(8192)).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    static ClientMsg hi(String id) {
        return ClientMsg.newBuilder().setHi(ClientHi.newBuilder().setId(id).setVer("0.25")
                .setUserAgent("tn-cli/1.0 gRPC-test").setLang("en")).build();
    }

    static ClientMsg acc(String id, String login, String password, boolean doLogin, String fn) {
        return ClientMsg.newBuilder().setAcc(ClientAcc.newBuilder().setId(id).setUserId("new").setScheme("basic")
                .setSecret(json(login + ":" + password)).setLogin(doLogin).addTags("grpc-" + login)
                .setDesc(SetDesc.newBuilder().setPublic(json("{\"fn\":\"" + fn + "\"}")))).build();
    }

    static ClientMsg login(String id, String login, String password) {
        return ClientMsg.newBuilder().setLogin(ClientLogin.newBuilder().setId(id).setScheme("basic")
                .setSecret(json(login + ":" + password))).build();
    }

    static ClientMsg sub(String id, String topic, SetQuery set, GetQuery get) {
        ClientSub.Builder s = ClientSub.newBuilder().setId(id).setTopic(topic);
        if (set != null) {
            s.setSetQuery(set);
        }
        if (get != null) {
            s.setGetQuery(get);
        }
        return ClientMsg.newBuilder().setSub(s).build();
    }

    static ClientMsg pub(String id, String topic, String content) {
        return ClientMsg.newBuilder().setPub(ClientPub.newBuilder().setId(id).setTopic(topic)
                .putHead("mime", json("\"text/x-drafty\"")).setContent(json(content))).build();
    }

    /** hi + acc (no login) + login; returns the user id. */
    static String signUp(GrpcClient c, String login, String fn) throws InterruptedException {
        c.send(hi("h1"));
        ServerCtrl hello = c.ctrl("h1");
        assertThat(hello.getCode()).isEqualTo(201);
        assertThat(text(hello.getParamsOrThrow("ver"))).isEqualTo("\"0.25\"");
        assertThat(hello.getParamsMap()).containsKeys("maxMessageSize", "maxFileUploadSize", "build");
        c.send(acc("a1", login, login + "123", false, fn));
        ServerCtrl created = c.ctrl("a1");
        assertThat(created.getCode()).as(created.toString()).isEqualTo(201);
        String uid = text(created.getParamsOrThrow("user")).replace("\"", "");
        assertThat(uid).startsWith("usr");
        c.send(login("l1", login, login + "123"));
        ServerCtrl in = c.ctrl("l1");
        assertThat(in.getCode()).isEqualTo(200);
        assertThat(text(in.getParamsOrThrow("user"))).isEqualTo("\"" + uid + "\"");
        assertThat(in.getParamsMap()).containsKeys("token", "expires");
        return uid;
    }

    @Test
    void wholeSession_twoUsers_groupMessageReachesTheOther() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (GrpcClient alice = new GrpcClient(channel); GrpcClient bob = new GrpcClient(channel)) {
            String aliceUid = signUp(alice, "alice", "Alice");
            String bobUid = signUp(bob, "bobby", "Bob");

            alice.send(sub("s1", "new", SetQuery.newBuilder().setDesc(SetDesc.newBuilder()
                    .setPublic(json("{\"fn\":\"gRPC group\"}"))).build(), GetQuery.newBuilder().setWhat("desc").build()));
            ServerCtrl made = alice.ctrl("s1");
            assertThat(made.getCode()).isEqualTo(200);
            String grp = made.getTopic();
            assertThat(grp).startsWith("grp");
            ServerMsg desc = alice.await(m -> m.hasMeta() && m.getMeta().getTopic().equals(grp));
            assertThat(desc.getMeta().getId()).isEqualTo("s1");
            assertThat(text(desc.getMeta().getDesc().getPublic())).isEqualTo("{\"fn\":\"gRPC group\"}");
            assertThat(desc.getMeta().getDesc().getCreatedAt()).isGreaterThan(before.toEpochMilli());
            assertThat(desc.getMeta().getDesc().getAcs().getGiven()).contains("O");
            assertThat(desc.getMeta().getDesc().getDefacs().getAuth()).isNotEmpty();

            bob.send(sub("s2", grp, null, null));
            assertThat(bob.ctrl("s2").getCode()).isEqualTo(200);
            // Alice, attached to the topic, hears that Bob came online there.
            ServerPres on = alice.await(m -> m.hasPres() && m.getPres().getTopic().equals(grp)
                    && m.getPres().getSrc().equals(bobUid)).getPres();
            assertThat(on.getWhat()).isIn(ServerPres.What.ON, ServerPres.What.ACS);

            alice.send(pub("p1", grp, "\"hello over gRPC\""));
            ServerCtrl accepted = alice.ctrl("p1");
            assertThat(accepted.getCode()).isEqualTo(202);
            assertThat(text(accepted.getParamsOrThrow("seq"))).isEqualTo("1");

            ServerData got = bob.await(m -> m.hasData()).getData();
            assertThat(got.getTopic()).isEqualTo(grp);
            assertThat(got.getFromUserId()).isEqualTo(aliceUid);
            assertThat(got.getSeqId()).isEqualTo(1);
            assertThat(text(got.getContent())).isEqualTo("\"hello over gRPC\"");
            assertThat(text(got.getHeadOrThrow("mime"))).isEqualTo("\"text/x-drafty\"");
            assertThat(got.getTimestamp()).isBetween(before.toEpochMilli(), Instant.now().toEpochMilli() + 1000);
            assertThat(got.getDeletedAt()).isZero();

            // Bob reports having read it; Alice gets the {info}.
            bob.send(ClientMsg.newBuilder().setNote(ClientNote.newBuilder().setTopic(grp)
                    .setWhat(InfoNote.READ).setSeqId(1)).build());
            ServerMsg info = alice.await(m -> m.hasInfo());
            assertThat(info.getInfo().getTopic()).isEqualTo(grp);
            assertThat(info.getInfo().getFromUserId()).isEqualTo(bobUid);
            assertThat(info.getInfo().getWhat()).isEqualTo(InfoNote.READ);
            assertThat(info.getInfo().getSeqId()).isEqualTo(1);

            // History: the message again as {data}, then ctrl 208 "delivered".
            alice.send(ClientMsg.newBuilder().setGet(ClientGet.newBuilder().setId("g1").setTopic(grp)
                    .setQuery(GetQuery.newBuilder().setWhat("data").setData(GetOpts.newBuilder().setLimit(10)))).build());
            ServerData history = alice.await(m -> m.hasData() && m.getData().getTopic().equals(grp)).getData();
            assertThat(history.getSeqId()).isEqualTo(1);
            assertThat(text(history.getContent())).isEqualTo("\"hello over gRPC\"");
            assertThat(history.getFromUserId()).isEqualTo(aliceUid);
            assertThat(alice.ctrl("g1").getCode()).isEqualTo(208);

            // Subscribers with their public data as JSON bytes.
            alice.send(ClientMsg.newBuilder().setGet(ClientGet.newBuilder().setId("g2").setTopic(grp)
                    .setQuery(GetQuery.newBuilder().setWhat("sub"))).build());
            ServerMsg subs = alice.await(m -> m.hasMeta() && m.getMeta().getId().equals("g2"));
            assertThat(subs.getMeta().getSubList()).extracting(s -> s.getUserId()).containsExactlyInAnyOrder(aliceUid, bobUid);
            assertThat(subs.getMeta().getSubList()).extracting(s -> text(s.getPublic()))
                    .contains("{\"fn\":\"Bob\"}", "{\"fn\":\"Alice\"}");
        }
    }

    @Test
    void messageWithNothingSet_clearCtrlError_streamAndServerGoOn() throws Exception {
        try (GrpcClient c = new GrpcClient(channel)) {
            c.send(ClientMsg.getDefaultInstance());
            ServerCtrl bad = c.await(ServerMsg::hasCtrl).getCtrl();
            assertThat(bad.getCode()).isEqualTo(400);
            assertThat(bad.getText()).isEqualTo("malformed");
            // Content that is not JSON is dropped as Tinode drops it, never spliced into the frame.
            c.send(hi("h1"));
            ServerCtrl hello = c.ctrl("h1");
            assertThat(hello.getCode()).isEqualTo(201);
            assertThat(text(hello.getParamsOrThrow("maxMessageSize"))).isEqualTo("8192");
            c.send(ClientMsg.newBuilder().setPub(ClientPub.newBuilder().setId("p1").setTopic("me")
                    .setContent(json("1},\"extra\":{\"obo\":\"usrX\""))).build());
            assertThat(c.ctrl("p1").getCode()).isBetween(400, 499);
            c.send(hi("h2"));
            assertThat(c.ctrl("h2").getCode()).isIn(201, 401);
            assertThat(c.ended).isNotDone();
        }
        try (GrpcClient other = new GrpcClient(channel)) {
            other.send(hi("h1"));
            assertThat(other.ctrl("h1").getCode()).isEqualTo(201);
        }
    }

    @Test
    void clientHalfCloses_serverEndsStreamAndSession() throws Exception {
        GrpcClient c = new GrpcClient(channel);
        c.send(hi("h1"));
        assertThat(c.ctrl("h1").getCode()).isEqualTo(201);
        c.close();
        assertThat(c.ended.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void serverStops_openStreamsEnd() throws Exception {
        GrpcClient c = new GrpcClient(channel);
        c.send(hi("h1"));
        assertThat(c.ctrl("h1").getCode()).isEqualTo(201);
        assertThat(grpc.openStreams()).isEqualTo(1);
        server.close();
        Throwable end = c.ended.get(10, TimeUnit.SECONDS);
        assertThat(end == null || Status.fromThrowable(end).getCode() != Status.Code.OK).isTrue();
        assertThat(grpc.openStreams()).isZero();
    }
}

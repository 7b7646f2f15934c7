package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.StubPluginServer.next;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import io.github.tinodej.transport.grpc.pbx.AccountEvent;
import io.github.tinodej.transport.grpc.pbx.AuthLevel;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientReq;
import io.github.tinodej.transport.grpc.pbx.Crud;
import io.github.tinodej.transport.grpc.pbx.MessageEvent;
import io.github.tinodej.transport.grpc.pbx.RespCode;
import io.github.tinodej.transport.grpc.pbx.SearchFound;
import io.github.tinodej.transport.grpc.pbx.SearchQuery;
import io.github.tinodej.transport.grpc.pbx.ServerCtrl;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.github.tinodej.transport.grpc.pbx.ServerResp;
import io.github.tinodej.transport.grpc.pbx.SubscriptionEvent;
import io.github.tinodej.transport.grpc.pbx.TopicEvent;
import io.github.tinodej.transport.grpc.pbx.TopicSub;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GrpcPlugin} against a stub Tinode plugin server over real gRPC, inside a running server:
 * what Tinode's server/plugins.go does with each answer, its timeouts and its failure policy.
 */
class GrpcPluginTest {
    private StubPluginServer stub;
    private LocalTransport local;
    private TinodeServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void startStub() throws IOException {
        stub = new StubPluginServer();
        stub.onFireHose = this::moderate;
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
        stub.close();
    }

    /** A plugins entry for the stub; {@code filters} is the JSON object's inside. */
    private String entry(String name, long timeoutMicros, String filters, int failureCode) {
        return "{\"enabled\":true,\"name\":\"" + name + "\",\"timeout\":" + timeoutMicros + ",\"filters\":{" + filters
                + "},\"failure_code\":" + failureCode + ",\"failure_text\":\"plugin unavailable\","
                + "\"service_addr\":\"tcp://127.0.0.1:" + stub.port() + "\"}";
    }

    private void start(String... entries) {
        local = new LocalTransport();
        TinodeServer.Builder b = TestServers.builder().transport(local);
        for (GrpcPlugin p : GrpcPlugin.listFromJson("[" + String.join(",", entries) + "]")) {
            b.plugin(p).closeOnStop(p);
        }
        server = b.build().start();
    }

    /** The stub's FireHose: acts on the first word of a pub's content. */
    private ServerResp moderate(ClientReq req) {
        ClientMsg m = req.getMsg();
        String text = Json.parse(m.getPub().getContent()).getAsString();
        if (text.startsWith("drop")) {
            return ServerResp.newBuilder().setStatus(RespCode.DROP).build();
        }
        if (text.startsWith("respond")) {
            return ServerResp.newBuilder().setStatus(RespCode.RESPOND).setSrvmsg(ServerMsg.newBuilder().setCtrl(
                    ServerCtrl.newBuilder().setId(m.getPub().getId()).setTopic(m.getPub().getTopic()).setCode(403)
                            .setText("no, says the plugin").putParams("why", ByteString.copyFromUtf8("\"rules\""))))
                    .build();
        }
        if (text.startsWith("darn")) {
            ClientMsg changed = m.toBuilder().setPub(m.getPub().toBuilder()
                    .setContent(ByteString.copyFromUtf8("\"d**n" + text.substring(4) + "\""))).build();
            return ServerResp.newBuilder().setStatus(RespCode.REPLACE).setClmsg(changed).build();
        }
        if (text.startsWith("slow")) {
            stub.hang();
        }
        return ServerResp.newBuilder().setStatus(RespCode.CONTINUE).build();
    }

    private TestClient user(String login) {
        TestClient c = new TestClient(local);
        clients.add(c);
        c.hi();
        JsonObject acc = TestClient.json("{\"id\":\"a1\",\"user\":\"new\",\"scheme\":\"basic\",\"login\":true,"
                + "\"tags\":[\"grpc-" + login + "\"],\"desc\":{\"public\":{\"fn\":\"" + login + "\"}}}");
        acc.addProperty("secret", TestClient.b64(login + ":" + login + "-secret"));
        assertThat(c.request("acc", acc).get("code").getAsInt()).isEqualTo(200);
        return c;
    }

    private static String group(TestClient owner, TestClient member) {
        JsonObject ok = owner.request("sub", TestClient.json("{\"id\":\"g\",\"topic\":\"new\"}"));
        assertThat(ok.get("code").getAsInt()).isEqualTo(200);
        String grp = ok.get("topic").getAsString();
        if (member != null) {
            assertThat(member.request("sub", TestClient.json("{\"id\":\"j\",\"topic\":\"" + grp + "\"}"))
                    .get("code").getAsInt()).isEqualTo(200);
        }
        return grp;
    }

    private static JsonObject pub(TestClient c, String topic, String id, String content) {
        c.send("{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"content\":\"" + content + "\"}}");
        return c.ctrlFor(id);
    }

    private static JsonObject nextData(TestClient c) {
        while (true) {
            JsonObject f = c.next();
            if (f.has("data")) {
                return f.getAsJsonObject("data");
            }
        }
    }

    @Test
    void fireHose_pass_modify_respond_drop() throws InterruptedException {
        start(entry("moderator", 5_000_000, "\"fire_hose\":\"pub;grp\"", 0));
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        String grp = group(alice, bob);

        assertThat(pub(alice, grp, "p1", "hello").get("code").getAsInt()).isEqualTo(202);
        assertThat(nextData(bob).get("content").getAsString()).isEqualTo("hello");
        // The stub saw the message as Tinode's pbCliSerialize makes it, with the session.
        ClientReq req = next(stub.fireHoses);
        assertThat(req.getMsg().getPub().getTopic()).isEqualTo(grp);
        assertThat(req.getMsg().getPub().getId()).isEqualTo("p1");
        assertThat(req.getMsg().getPub().getContent().toStringUtf8()).isEqualTo("\"hello\"");
        assertThat(req.getSess().getUserId()).isEqualTo(alice.userId());
        assertThat(req.getSess().getAuthLevel()).isEqualTo(AuthLevel.AUTH);
        assertThat(req.getSess().getUserAgent()).isEqualTo("TinodeJS/0.25.3 test");
        assertThat(req.getSess().getSessionId()).isNotEmpty();

        // REPLACE: what bob receives is the plugin's version.
        assertThat(pub(alice, grp, "p2", "darn it").get("code").getAsInt()).isEqualTo(202);
        assertThat(nextData(bob).get("content").getAsString()).isEqualTo("d**n it");

        // RESPOND: the client gets the plugin's ctrl, params included; nothing is stored.
        JsonObject refused = pub(alice, grp, "p3", "respond please");
        assertThat(refused.get("code").getAsInt()).isEqualTo(403);
        assertThat(refused.get("text").getAsString()).isEqualTo("no, says the plugin");
        assertThat(refused.get("topic").getAsString()).isEqualTo(grp);
        assertThat(refused.getAsJsonObject("params").get("why").getAsString()).isEqualTo("rules");

        // DROP: no reply; the next request is answered and bob saw neither message.
        alice.send("{\"pub\":{\"id\":\"p4\",\"topic\":\"" + grp + "\",\"content\":\"drop me\"}}");
        assertThat(pub(alice, grp, "p5", "after").get("code").getAsInt()).isEqualTo(202);
        JsonObject after = nextData(bob);
        assertThat(after.get("content").getAsString()).isEqualTo("after");
        // Neither the refused nor the dropped message was stored: p5 took the seq after p2.
        assertThat(after.get("seq").getAsInt()).isEqualTo(3);
    }

    @Test
    void timeout_withoutFailureCode_messageGoesOn() {
        start(entry("lenient", 200_000, "\"fire_hose\":\"pub\"", 0));
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        String grp = group(alice, bob);

        assertThat(pub(alice, grp, "p1", "slow one").get("code").getAsInt()).isEqualTo(202);
        assertThat(nextData(bob).get("content").getAsString()).isEqualTo("slow one");
    }

    @Test
    void timeout_withFailureCode_clientGetsIt() {
        start(entry("strict", 200_000, "\"fire_hose\":\"pub\"", 503));
        TestClient alice = user("alice");
        String grp = group(alice, null);

        JsonObject failed = pub(alice, grp, "p1", "slow one");
        assertThat(failed.get("code").getAsInt()).isEqualTo(503);
        assertThat(failed.get("text").getAsString()).isEqualTo("plugin unavailable");
        assertThat(failed.get("topic").getAsString()).isEqualTo(grp);
        // The session survives and the next message passes.
        assertThat(pub(alice, grp, "p2", "fine").get("code").getAsInt()).isEqualTo(202);
    }

    @Test
    void unreachablePlugin_withFailureCode_clientGetsIt() throws InterruptedException {
        String gone = entry("gone", 2_000_000, "\"fire_hose\":\"pub\"", 503);
        stub.close();
        start(gone);
        TestClient alice = user("alice");
        String grp = group(alice, null);
        assertThat(pub(alice, grp, "p1", "anyone?").get("code").getAsInt()).isEqualTo(503);
    }

    @Test
    void events_account_topic_subscription_message() throws InterruptedException {
        start(entry("audit", 5_000_000,
                "\"account\":\"C\",\"topic\":\"grp;C\",\"subscription\":\"grp;C\",\"message\":\"C\"", 0));
        TestClient alice = user("alice");

        AccountEvent created = next(stub.accounts);
        assertThat(created.getAction()).isEqualTo(Crud.CREATE);
        assertThat(created.getUserId()).isEqualTo(alice.userId());
        assertThat(Json.parse(created.getPublic()).getAsJsonObject().get("fn").getAsString()).isEqualTo("alice");
        assertThat(created.getTagsList()).contains("grpc-alice");
        assertThat(created.getDefaultAcs().getAuth()).isNotEmpty();

        String grp = group(alice, null);
        TopicEvent topic = next(stub.topics);
        assertThat(topic.getAction()).isEqualTo(Crud.CREATE);
        assertThat(topic.getName()).isEqualTo(grp);
        assertThat(topic.getDesc().getDefacs().getAuth()).isNotEmpty();
        SubscriptionEvent sub = next(stub.subscriptions);
        assertThat(sub.getAction()).isEqualTo(Crud.CREATE);
        assertThat(sub.getTopic()).isEqualTo(grp);
        assertThat(sub.getUserId()).isEqualTo(alice.userId());
        assertThat(sub.getMode().getGiven()).contains("O");

        assertThat(pub(alice, grp, "p1", "hello").get("code").getAsInt()).isEqualTo(202);
        MessageEvent msg = next(stub.messages);
        assertThat(msg.getAction()).isEqualTo(Crud.CREATE);
        assertThat(msg.getMsg().getTopic()).isEqualTo(grp);
        assertThat(msg.getMsg().getFromUserId()).isEqualTo(alice.userId());
        assertThat(msg.getMsg().getSeqId()).isEqualTo(1);
        assertThat(msg.getMsg().getContent().toStringUtf8()).isEqualTo("\"hello\"");
        assertThat(msg.getMsg().getTimestamp()).isPositive();
        // No FireHose filter: the stub was never asked about the pub.
        assertThat(stub.fireHoses).isEmpty();
    }

    @Test
    void find_respondAndDrop() throws InterruptedException {
        start(entry("directory", 5_000_000, "\"find\":true", 0));
        TestClient alice = user("alice");
        TestClient bob = user("bobby");
        stub.onFind = q -> q.getQuery().equals("nobody")
                ? SearchFound.newBuilder().setStatus(RespCode.DROP).build()
                : SearchFound.newBuilder().setStatus(RespCode.RESPOND)
                        .addResult(TopicSub.newBuilder().setTopic(bob.userId())).build();
        assertThat(alice.request("sub", TestClient.json("{\"id\":\"f\",\"topic\":\"fnd\"}")).get("code").getAsInt())
                .isEqualTo(200);

        assertThat(search(alice, "friends")).containsExactly(bob.userId());
        SearchQuery q = next(stub.finds);
        assertThat(q.getUserId()).isEqualTo(alice.userId());
        assertThat(q.getQuery()).isEqualTo("friends");
        assertThat(search(alice, "nobody")).isNull();
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
                List<String> out = new ArrayList<>();
                sub.forEach(e -> out.add(e.getAsJsonObject().get("topic").getAsString()));
                return out;
            }
        }
    }
}

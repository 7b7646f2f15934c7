package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.GrpcClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.transport.grpc.pbx.AuthLevel;
import io.github.tinodej.transport.grpc.pbx.ClientDel;
import io.github.tinodej.transport.grpc.pbx.ClientExtra;
import io.github.tinodej.transport.grpc.pbx.ClientGet;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.ClientNote;
import io.github.tinodej.transport.grpc.pbx.ClientPub;
import io.github.tinodej.transport.grpc.pbx.ClientSet;
import io.github.tinodej.transport.grpc.pbx.CallEvent;
import io.github.tinodej.transport.grpc.pbx.ClientCred;
import io.github.tinodej.transport.grpc.pbx.DefaultAcsMode;
import io.github.tinodej.transport.grpc.pbx.GetOpts;
import io.github.tinodej.transport.grpc.pbx.GetQuery;
import io.github.tinodej.transport.grpc.pbx.InfoNote;
import io.github.tinodej.transport.grpc.pbx.SeqRange;
import io.github.tinodej.transport.grpc.pbx.SetDesc;
import io.github.tinodej.transport.grpc.pbx.SetQuery;
import io.github.tinodej.transport.grpc.pbx.SetSub;
import org.junit.jupiter.api.Test;

/** The JSON each proto client message becomes, as Tinode's pbCliDeserialize + json tags would give it. */
class ClientToJsonTest {

    @Test
    void hiAccLogin_stringsBytesAsBase64_emptyLeftOut() {
        assertThat(ClientToJson.convert(GrpcSessionTest.hi("1")))
                .isEqualTo("{\"hi\":{\"id\":\"1\",\"ua\":\"tn-cli/1.0 gRPC-test\",\"ver\":\"0.25\",\"lang\":\"en\"}}");
        assertThat(ClientToJson.convert(GrpcSessionTest.acc("2", "alice", "alice123", true, "A")))
                .isEqualTo("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"YWxpY2U6YWxpY2UxMjM=\","
                        + "\"login\":true,\"tags\":[\"grpc-alice\"],\"desc\":{\"public\":{\"fn\":\"A\"}}}}");
        assertThat(ClientToJson.convert(GrpcSessionTest.login("3", "bob", "x")))
                .isEqualTo("{\"login\":{\"id\":\"3\",\"scheme\":\"basic\",\"secret\":\"Ym9iOng=\"}}");
    }

    @Test
    void subSetGetDelNote_nestedQueriesAndEnums() {
        SetQuery set = SetQuery.newBuilder()
                .setDesc(SetDesc.newBuilder().setDefaultAcs(DefaultAcsMode.newBuilder().setAuth("JRWPS"))
                        .setPrivate(json("{\"comment\":\"x\"}")))
                .setSub(SetSub.newBuilder().setMode("JRWP"))
                .addTags("a").setCred(ClientCred.newBuilder().setMethod("email").setValue("a@b.c")
                        .putParams("lang", json("\"en\"")))
                .putAux("pins", json("[1,2]")).build();
        GetQuery get = GetQuery.newBuilder().setWhat("desc sub data")
                .setDesc(GetOpts.newBuilder().setIfModifiedSince(1_700_000_000_123L))
                .setSub(GetOpts.newBuilder().setUser("usrX").setLimit(5))
                .setData(GetOpts.newBuilder().setSinceId(3).addRanges(SeqRange.newBuilder().setLow(1).setHi(3))).build();
        assertThat(ClientToJson.convert(GrpcSessionTest.sub("s", "grpA", set, get))).isEqualTo("{\"sub\":{\"id\":\"s\","
                + "\"topic\":\"grpA\",\"set\":{\"desc\":{\"defacs\":{\"auth\":\"JRWPS\"},\"private\":{\"comment\":\"x\"}},"
                + "\"sub\":{\"mode\":\"JRWP\"},\"tags\":[\"a\"],\"cred\":{\"meth\":\"email\",\"val\":\"a@b.c\","
                + "\"params\":{\"lang\":\"en\"}},\"aux\":{\"pins\":[1,2]}},"
                + "\"get\":{\"what\":\"desc sub data\",\"desc\":{\"ims\":\"2023-11-14T22:13:20.123Z\"},"
                + "\"sub\":{\"user\":\"usrX\",\"limit\":5},\"data\":{\"since\":3,\"ranges\":[{\"low\":1,\"hi\":3}]}}}}");
        // Empty parts that Go treats as absent stay out; topic is always written.
        assertThat(ClientToJson.convert(GrpcSessionTest.sub("s", "", SetQuery.newBuilder()
                .setSub(SetSub.getDefaultInstance()).setDesc(SetDesc.getDefaultInstance()).build(), GetQuery.getDefaultInstance())))
                .isEqualTo("{\"sub\":{\"id\":\"s\",\"topic\":\"\"}}");
        assertThat(ClientToJson.convert(ClientMsg.newBuilder().setGet(ClientGet.newBuilder().setId("g").setTopic("me")
                .setQuery(GetQuery.newBuilder().setWhat("tags"))).build()))
                .isEqualTo("{\"get\":{\"id\":\"g\",\"topic\":\"me\",\"what\":\"tags\"}}");
        assertThat(ClientToJson.convert(ClientMsg.newBuilder().setSet(ClientSet.newBuilder().setId("t").setTopic("me")
                .setQuery(SetQuery.newBuilder().addTags("x"))).build()))
                .isEqualTo("{\"set\":{\"id\":\"t\",\"topic\":\"me\",\"tags\":[\"x\"]}}");
        assertThat(ClientToJson.convert(ClientMsg.newBuilder().setDel(ClientDel.newBuilder().setId("d").setTopic("grpA")
                .setWhat(ClientDel.What.MSG).addDelSeq(SeqRange.newBuilder().setLow(2)).setHard(true)).build()))
                .isEqualTo("{\"del\":{\"id\":\"d\",\"topic\":\"grpA\",\"what\":\"msg\",\"delseq\":[{\"low\":2}],\"hard\":true}}");
        assertThat(ClientToJson.convert(ClientMsg.newBuilder().setNote(ClientNote.newBuilder().setTopic("p2pX")
                .setWhat(InfoNote.CALL).setSeqId(7).setEvent(CallEvent.HANG_UP).setPayload(json("{\"a\":1}"))).build()))
                .isEqualTo("{\"note\":{\"topic\":\"p2pX\",\"what\":\"call\",\"seq\":7,\"event\":\"hang-up\",\"payload\":{\"a\":1}}}");
    }

    @Test
    void pubWithExtra_jsonBytesParsed_invalidJsonDropped() {
        ClientMsg m = ClientMsg.newBuilder().setPub(ClientPub.newBuilder().setId("p").setTopic("grpA").setNoEcho(true)
                        .putHead("mime", json("\"text/x-drafty\"")).putHead("bad", json("{oops"))
                        .setContent(json("{\"txt\":\"hi\"}")))
                .setExtra(ClientExtra.newBuilder().addAttachments("/v0/file/s/abc.jpg").setAuthLevel(AuthLevel.AUTH)).build();
        assertThat(ClientToJson.convert(m)).isEqualTo("{\"pub\":{\"id\":\"p\",\"topic\":\"grpA\",\"noecho\":true,"
                + "\"head\":{\"mime\":\"text/x-drafty\"},\"content\":{\"txt\":\"hi\"}},"
                + "\"extra\":{\"attachments\":[\"/v0/file/s/abc.jpg\"],\"authlevel\":\"AUTH\"}}");
        // Bytes that would splice fields into the frame are not JSON and are dropped whole.
        assertThat(ClientToJson.convert(ClientMsg.newBuilder().setPub(ClientPub.newBuilder().setTopic("t")
                .setContent(json("1},\"x\":{\"y\":2"))).build())).isEqualTo("{\"pub\":{\"topic\":\"t\"}}");
        // An extra with nothing but level NONE is no extra, as in Go.
        assertThat(ClientToJson.convert(ClientMsg.newBuilder().setLeave(
                io.github.tinodej.transport.grpc.pbx.ClientLeave.newBuilder().setTopic("t").setUnsub(true))
                .setExtra(ClientExtra.getDefaultInstance()).build())).isEqualTo("{\"leave\":{\"topic\":\"t\",\"unsub\":true}}");
        assertThat(ClientToJson.convert(ClientMsg.getDefaultInstance())).isEqualTo("{}");
    }
}

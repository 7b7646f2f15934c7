package io.github.tinodej.transport.grpc;

import static io.github.tinodej.transport.grpc.GrpcClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.transport.grpc.pbx.CallEvent;
import io.github.tinodej.transport.grpc.pbx.InfoNote;
import io.github.tinodej.transport.grpc.pbx.ServerMeta;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.github.tinodej.transport.grpc.pbx.ServerPres;
import io.github.tinodej.transport.grpc.pbx.TopicSub;
import org.junit.jupiter.api.Test;

/** Server JSON frames as ServerMsg, field by field as Tinode's pbServSerialize fills them. */
class JsonToServerTest {
    private static final String TS = "2024-01-02T03:04:05.678Z";
    private static final long MS = 1704164645678L;

    @Test
    void ctrlAndData_paramsHeadContentAsJsonBytes_timesInMillis() {
        ServerMsg c = JsonToServer.convert("{\"ctrl\":{\"id\":\"1\",\"topic\":\"grpA\",\"code\":202,\"text\":\"accepted\","
                + "\"params\":{\"seq\":5,\"what\":\"data\",\"skip\":null},\"ts\":\"" + TS + "\"}}");
        assertThat(c.getCtrl().getCode()).isEqualTo(202);
        assertThat(c.getCtrl().getText()).isEqualTo("accepted");
        assertThat(c.getCtrl().getTopic()).isEqualTo("grpA");
        assertThat(c.getCtrl().getParamsMap()).containsOnlyKeys("seq", "what");
        assertThat(text(c.getCtrl().getParamsOrThrow("what"))).isEqualTo("\"data\"");

        ServerMsg d = JsonToServer.convert("{\"data\":{\"topic\":\"grpA\",\"from\":\"usrB\",\"ts\":\"" + TS + "\","
                + "\"deleted\":\"" + TS + "\",\"seq\":7,\"head\":{\"mime\":\"text/x-drafty\"},\"content\":{\"txt\":\"hi\"}}}");
        assertThat(d.getData().getTimestamp()).isEqualTo(MS);
        assertThat(d.getData().getDeletedAt()).isEqualTo(MS);
        assertThat(d.getData().getSeqId()).isEqualTo(7);
        assertThat(d.getData().getFromUserId()).isEqualTo("usrB");
        assertThat(text(d.getData().getContent())).isEqualTo("{\"txt\":\"hi\"}");
        assertThat(text(d.getData().getHeadOrThrow("mime"))).isEqualTo("\"text/x-drafty\"");
    }

    @Test
    void presAndInfo_enumsRangesAccess() {
        ServerPres p = JsonToServer.convert("{\"pres\":{\"topic\":\"me\",\"src\":\"grpA\",\"what\":\"del\",\"seq\":9,"
                + "\"clear\":3,\"delseq\":[{\"low\":1,\"hi\":3}],\"ua\":\"x\",\"tgt\":\"usrT\",\"act\":\"usrA\","
                + "\"dacs\":{\"want\":\"+R\",\"given\":\"-W\"}}}").getPres();
        assertThat(p.getWhat()).isEqualTo(ServerPres.What.DEL);
        assertThat(p.getDelId()).isEqualTo(3);
        assertThat(p.getDelSeq(0).getLow()).isEqualTo(1);
        assertThat(p.getDelSeq(0).getHi()).isEqualTo(3);
        assertThat(p.getTargetUserId()).isEqualTo("usrT");
        assertThat(p.getActorUserId()).isEqualTo("usrA");
        assertThat(p.getAcs().getWant()).isEqualTo("+R");
        assertThat(p.getAcs().getGiven()).isEqualTo("-W");
        assertThat(JsonToServer.convert("{\"pres\":{\"topic\":\"me\",\"what\":\"new-kind\"}}").getPres().getWhat())
                .isEqualTo(ServerPres.What.X3);

        ServerMsg i = JsonToServer.convert("{\"info\":{\"topic\":\"usrB\",\"src\":\"p2pX\",\"from\":\"usrB\","
                + "\"what\":\"call\",\"seq\":4,\"event\":\"ice-candidate\",\"payload\":{\"c\":\"x\"}}}");
        assertThat(i.getInfo().getWhat()).isEqualTo(InfoNote.CALL);
        assertThat(i.getInfo().getEvent()).isEqualTo(CallEvent.ICE_CANDIDATE);
        assertThat(i.getInfo().getSrc()).isEqualTo("p2pX");
        assertThat(text(i.getInfo().getPayload())).isEqualTo("{\"c\":\"x\"}");
    }

    @Test
    void meta_descSubDelTagsCredAux() {
        ServerMeta m = JsonToServer.convert("{\"meta\":{\"id\":\"7\",\"topic\":\"me\",\"ts\":\"" + TS + "\","
                + "\"desc\":{\"created\":\"" + TS + "\",\"updated\":\"" + TS + "\",\"touched\":\"" + TS + "\","
                + "\"defacs\":{\"auth\":\"JRWPAS\",\"anon\":\"N\"},\"acs\":{\"want\":\"JRWPAS\",\"given\":\"JRWPAS\","
                + "\"mode\":\"JRWPAS\"},\"seq\":3,\"read\":2,\"recv\":3,\"clear\":1,\"public\":{\"fn\":\"A\"},"
                + "\"trusted\":{\"verified\":true},\"private\":[\"x\"],\"online\":true,\"chan\":true,\"state\":\"ok\","
                + "\"seen\":{\"when\":\"" + TS + "\",\"ua\":\"TinodeWeb\"}},"
                + "\"sub\":[{\"user\":\"usrB\",\"updated\":\"" + TS + "\",\"acs\":{\"mode\":\"JRWP\",\"given\":\"JRWP\","
                + "\"want\":\"JRWP\"},\"public\":{\"fn\":\"B\"},\"read\":1,\"online\":true},{\"topic\":\"grpA\",\"seq\":9}],"
                + "\"del\":{\"clear\":4,\"delseq\":[{\"low\":2}]},\"tags\":[\"a\",\"b\"],"
                + "\"cred\":[{\"meth\":\"email\",\"val\":\"a@b.c\",\"done\":true}],\"aux\":{\"pin\":[1]}}}").getMeta();
        assertThat(m.getId()).isEqualTo("7");
        assertThat(m.getDesc().getCreatedAt()).isEqualTo(MS);
        assertThat(m.getDesc().getTouchedAt()).isEqualTo(MS);
        assertThat(m.getDesc().getDefacs().getAnon()).isEqualTo("N");
        assertThat(m.getDesc().getAcs().getGiven()).isEqualTo("JRWPAS");
        assertThat(m.getDesc().getSeqId()).isEqualTo(3);
        assertThat(m.getDesc().getDelId()).isEqualTo(1);
        assertThat(text(m.getDesc().getPublic())).isEqualTo("{\"fn\":\"A\"}");
        assertThat(text(m.getDesc().getTrusted())).isEqualTo("{\"verified\":true}");
        assertThat(text(m.getDesc().getPrivate())).isEqualTo("[\"x\"]");
        assertThat(m.getDesc().getOnline()).isTrue();
        assertThat(m.getDesc().getIsChan()).isTrue();
        assertThat(m.getDesc().getState()).isEqualTo("ok");
        assertThat(m.getDesc().getLastSeenTime()).isEqualTo(MS);
        assertThat(m.getDesc().getLastSeenUserAgent()).isEqualTo("TinodeWeb");
        TopicSub b = m.getSub(0);
        assertThat(b.getUserId()).isEqualTo("usrB");
        assertThat(b.getUpdatedAt()).isEqualTo(MS);
        assertThat(b.getAcs().getWant()).isEqualTo("JRWP");
        assertThat(b.getReadId()).isEqualTo(1);
        assertThat(m.getSub(1).getTopic()).isEqualTo("grpA");
        assertThat(m.getSub(1).getSeqId()).isEqualTo(9);
        assertThat(m.getSub(1).hasAcs()).isTrue();
        assertThat(m.getDel().getDelId()).isEqualTo(4);
        assertThat(m.getDel().getDelSeq(0).getLow()).isEqualTo(2);
        assertThat(m.getTagsList()).containsExactly("a", "b");
        assertThat(m.getCred(0).getMethod()).isEqualTo("email");
        assertThat(m.getCred(0).getDone()).isTrue();
        assertThat(text(m.getAuxOrThrow("pin"))).isEqualTo("[1]");
    }

    @Test
    void probeReplyAndUnknownFrames_notSent() {
        assertThat(JsonToServer.convert("0")).isNull();
        assertThat(JsonToServer.convert("{\"other\":{}}")).isNull();
    }
}

package io.github.tinodej.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.transport.grpc.pbx.AuthLevel;
import io.github.tinodej.transport.grpc.pbx.ClientDel;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.InfoNote;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.github.tinodej.transport.grpc.pbx.ServerPres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JsonToClient (pbCliSerialize) and ServerToJson (pbServDeserialize), each checked against its
 * reverse: a frame that goes to proto and back is the frame it was.
 */
class PluginConvertersTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hi\":{\"id\":\"1\",\"ua\":\"TinodeWeb/0.25\",\"ver\":\"0.25\",\"dev\":\"d1\",\"lang\":\"en\",\"platf\":\"web\",\"bkg\":true}}",
        "{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"YWxpY2U6cHc=\",\"login\":true,"
                + "\"tags\":[\"t1\"],\"desc\":{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"N\"},\"public\":{\"fn\":\"A\"}},"
                + "\"cred\":[{\"meth\":\"email\",\"val\":\"a@example.com\"}]}}",
        "{\"login\":{\"id\":\"3\",\"scheme\":\"token\",\"secret\":\"AAEC\"}}",
        "{\"sub\":{\"id\":\"4\",\"topic\":\"grpX\",\"set\":{\"sub\":{\"mode\":\"JRWP\"}},"
                + "\"get\":{\"what\":\"desc sub data\",\"desc\":{\"ims\":\"2026-01-02T03:04:05.678Z\"},"
                + "\"data\":{\"since\":3,\"limit\":24}}}}",
        "{\"leave\":{\"id\":\"5\",\"topic\":\"grpX\",\"unsub\":true}}",
        "{\"pub\":{\"id\":\"6\",\"topic\":\"grpX\",\"noecho\":true,\"head\":{\"mime\":\"text/x-drafty\"},"
                + "\"content\":{\"txt\":\"hi\"}}}",
        "{\"get\":{\"id\":\"7\",\"topic\":\"me\",\"what\":\"sub\",\"sub\":{\"limit\":5}}}",
        "{\"set\":{\"id\":\"8\",\"topic\":\"me\",\"tags\":[\"a\",\"b\"],\"aux\":{\"pin\":[1,2]}}}",
        "{\"del\":{\"id\":\"9\",\"topic\":\"grpX\",\"what\":\"msg\",\"delseq\":[{\"low\":1,\"hi\":3}],\"hard\":true}}",
        "{\"note\":{\"topic\":\"grpX\",\"what\":\"read\",\"seq\":7}}",
        "{\"pub\":{\"id\":\"10\",\"topic\":\"grpX\",\"content\":\"x\"},\"extra\":{\"attachments\":[\"/v0/file/s/a.jpg\"]}}"
    })
    void clientFrames_survive_theRoundTrip(String frame) {
        ClientMsg m = JsonToClient.convert(frame);
        assertThat(JsonParser.parseString(ClientToJson.convert(m))).isEqualTo(JsonParser.parseString(frame));
    }

    @Test
    void clientFields_asGoSetsThem() {
        ClientMsg acc = JsonToClient.convert(
                "{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"YWxpY2U6cHc=\",\"authlevel\":\"root\"}}");
        assertThat(acc.getAcc().getSecret().toStringUtf8()).isEqualTo("alice:pw");
        // Go's pbCliSerialize: no ROOT in a message.
        assertThat(acc.getAcc().getAuthLevel()).isEqualTo(AuthLevel.NONE);
        assertThat(JsonToClient.convert("{\"del\":{\"topic\":\"grpX\",\"what\":\"sub\",\"user\":\"usrA\"}}").getDel()
                .getWhat()).isEqualTo(ClientDel.What.SUB);
        assertThat(JsonToClient.convert("{\"note\":{\"topic\":\"grpX\",\"what\":\"kp\"}}").getNote().getWhat())
                .isEqualTo(InfoNote.KP);
        // Nothing Tinode knows: no message, so no plugin is asked.
        assertThat(JsonToClient.convert("{\"bogus\":{}}")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ctrl\":{\"id\":\"1\",\"topic\":\"grpX\",\"code\":403,\"text\":\"no\",\"params\":{\"why\":\"rules\"}}}",
        "{\"data\":{\"topic\":\"grpX\",\"from\":\"usrA\",\"ts\":\"2026-01-02T03:04:05.678Z\",\"seq\":4,"
                + "\"head\":{\"mime\":\"text/x-drafty\"},\"content\":{\"txt\":\"hi\"}}}",
        "{\"pres\":{\"topic\":\"me\",\"src\":\"grpX\",\"what\":\"msg\",\"seq\":4}}",
        "{\"info\":{\"topic\":\"grpX\",\"from\":\"usrA\",\"what\":\"read\",\"seq\":4}}",
        "{\"meta\":{\"id\":\"2\",\"topic\":\"fnd\",\"sub\":[{\"updated\":\"2026-01-02T03:04:05.678Z\","
                + "\"acs\":{\"want\":\"JRWPS\",\"given\":\"JRWPS\"},\"public\":{\"fn\":\"Bob\"},\"user\":\"usrB\"}],"
                + "\"tags\":[\"x\"]}}",
        "{\"meta\":{\"id\":\"3\",\"topic\":\"grpX\",\"desc\":{\"created\":\"2026-01-02T03:04:05.678Z\","
                + "\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"N\"},\"seq\":9,\"public\":{\"fn\":\"G\"}}}}"
    })
    void serverFrames_survive_theRoundTrip(String frame) {
        ServerMsg m = JsonToServer.convert(frame);
        JsonObject back = JsonParser.parseString(ServerToJson.convert(m)).getAsJsonObject();
        // ctrl and meta get a fresh ts: the proto has none for them.
        for (String kind : new String[] {"ctrl", "meta"}) {
            if (back.has(kind)) {
                assertThat(back.getAsJsonObject(kind).remove("ts")).isNotNull();
            }
        }
        assertThat(back).isEqualTo(JsonParser.parseString(frame));
    }

    @Test
    void serverEnums_asGoNamesThem() {
        ServerMsg pres = ServerMsg.newBuilder().setPres(ServerPres.newBuilder().setTopic("me").setSrc("grpX")
                .setWhat(ServerPres.What.TERM)).build();
        assertThat(ServerToJson.convert(pres)).contains("\"what\":\"term\"");
        assertThat(ServerToJson.convert(ServerMsg.getDefaultInstance())).isNull();
    }
}

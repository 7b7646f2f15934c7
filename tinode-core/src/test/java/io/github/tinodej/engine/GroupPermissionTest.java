package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a group member may do, by the mode the owner gave them: every refused request gets the Go
 * server's reply and changes nothing.
 */
class GroupPermissionTest extends EngineTest {

    record Fixture(TestClient owner, TestClient member, TestClient outsider, String grp) {
    }

    private Fixture fixture(String memberGiven) {
        TestClient owner = user("owner");
        TestClient member = user("member");
        TestClient outsider = user("outsider");
        JsonObject c = owner.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}"));
        String grp = c.get("topic").getAsString();
        owner.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"" + grp + "\",\"sub\":{\"user\":\""
                + member.userId() + "\",\"mode\":\"" + memberGiven + "\"}}"));
        member.send("{\"sub\":{\"id\":\"3\",\"topic\":\"" + grp + "\"}}");
        member.nextCtrlSkippingOthers();
        owner.send("{\"pub\":{\"id\":\"4\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"first\"}}");
        owner.nextCtrlSkippingOthers();
        return new Fixture(owner, member, outsider, grp);
    }

    private static int code(TestClient c, String kind, String body) {
        c.send("{\"" + kind + "\":" + body + "}");
        return c.nextCtrlSkippingOthers().get("code").getAsInt();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // given, request kind, request body (GRP is replaced), expected code
            Arguments.of("JRWPS", "pub", "{\"id\":\"x\",\"topic\":\"GRP\",\"content\":\"hi\"}", 202),
            Arguments.of("JRPS", "pub", "{\"id\":\"x\",\"topic\":\"GRP\",\"content\":\"hi\"}", 403),
            Arguments.of("JRWPS", "get", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"data\"}", 208),
            Arguments.of("JWPS", "get", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"data\"}", 403),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"desc\":{\"public\":{\"fn\":\"x\"}}}", 403),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"desc\":{\"private\":{\"note\":1}}}", 200),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"tags\":[\"mine\"]}", 403),
            Arguments.of("JRWPS", "get", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"tags\"}", 403),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"aux\":{\"k\":1}}", 403),
            Arguments.of("JRWPAS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"aux\":{\"k\":1}}", 200),
            Arguments.of("JRWP", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"sub\":{\"user\":\"OUTSIDER\"}}", 403),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"sub\":{\"user\":\"OUTSIDER\"}}", 200),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"sub\":{\"user\":\"OUTSIDER\",\"mode\":\"JRW\"}}", 403),
            Arguments.of("JRWPAS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"sub\":{\"user\":\"OUTSIDER\",\"mode\":\"JRW\"}}", 200),
            Arguments.of("JRWPAS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"sub\":{\"user\":\"OUTSIDER\",\"mode\":\"JRWO\"}}", 403),
            Arguments.of("JRWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"sub\",\"user\":\"OWNER\"}", 403),
            Arguments.of("JRWPAS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"sub\",\"user\":\"OWNER\"}", 403),
            Arguments.of("JRWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}", 200),
            Arguments.of("JWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}", 403),
            Arguments.of("JRWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"topic\"}", 200),
            Arguments.of("JRWPS", "set", "{\"id\":\"x\",\"topic\":\"GRP\",\"sub\":{\"mode\":\"JRWPSO\"}}", 403),
            Arguments.of("JRWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"bogus\"}", 400),
            Arguments.of("JRWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"msg\",\"delseq\":[{\"low\":5,\"hi\":2}]}", 400),
            Arguments.of("JRWPS", "del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"msg\",\"delseq\":[{\"low\":-1}]}", 400),
            // A negative bound is no bound, as in Go's store (reliability.md IN-11): all messages.
            Arguments.of("JRWPS", "get", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"data\",\"data\":{\"since\":-5}}", 208)
        );
    }

    @ParameterizedTest(name = "[{index}] given {0}: {1} {2} -> {3}")
    @MethodSource("cases")
    void memberRequest_byGivenMode(String given, String kind, String body, int expected) {
        Fixture f = fixture(given);
        String b = body.replace("GRP", f.grp()).replace("OUTSIDER", f.outsider().userId())
                .replace("OWNER", f.owner().userId());
        assertThat(code(f.member(), kind, b)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "hard delete by given {0} leaves message for others: {1}")
    @MethodSource("hardDeletes")
    void hardDelete_withoutD_becomesSoft(String given, boolean goneForOwner) {
        Fixture f = fixture(given);
        assertThat(code(f.member(), "del", "{\"id\":\"d\",\"topic\":\"" + f.grp()
                + "\",\"delseq\":[{\"low\":1}],\"hard\":true}")).isEqualTo(200);
        f.owner().send("{\"get\":{\"id\":\"h\",\"topic\":\"" + f.grp() + "\",\"what\":\"data\"}}");
        JsonObject reply = f.owner().nextCtrlSkippingOthers();
        assertThat(reply.get("code").getAsInt() == 204).isEqualTo(goneForOwner);
    }

    static Stream<Arguments> hardDeletes() {
        return Stream.of(Arguments.of("JRWPS", false), Arguments.of("JRWPSD", true));
    }

    @ParameterizedTest(name = "outsider {0}")
    @MethodSource("outsiderCases")
    void outsider_notAttached(String kind, String body, int expected) {
        Fixture f = fixture("JRWPS");
        assertThat(code(f.outsider(), kind, body.replace("GRP", f.grp()))).isEqualTo(expected);
    }

    static Stream<Arguments> outsiderCases() {
        return Stream.of(
            Arguments.of("pub", "{\"id\":\"x\",\"topic\":\"GRP\",\"content\":\"x\"}", 409),
            Arguments.of("leave", "{\"id\":\"x\",\"topic\":\"GRP\"}", 304),
            Arguments.of("leave", "{\"id\":\"x\",\"topic\":\"GRP\",\"unsub\":true}", 409),
            Arguments.of("get", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"data\"}", 403),
            Arguments.of("del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"topic\"}", 304),
            Arguments.of("del", "{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"msg\",\"delseq\":[{\"low\":1}]}", 409),
            Arguments.of("set", "{\"id\":\"x\",\"topic\":\"GRP\",\"tags\":[\"x1\"]}", 403)
        );
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * reliability.md IN-17: the packets that crashed the Go server, found in its history, get a normal
 * reply here (no 500), and the session goes on. Each case names the Go commit that fixed the crash.
 * The reply codes are Go's where a test elsewhere pins them; here only "not a server error" matters.
 */
class CrashPacketTest extends EngineTest {

    /**
     * Requests sent by a logged-in user who owns group GRP (attached), has never talked to PEER,
     * and is not attached to 'me' or 'fnd'.
     */
    static Stream<Arguments> packets() {
        return Stream.of(
            // #255 (2247cf80, 8672f7fd): {get what:"sub"} on a topic not attached, no sub options.
            Arguments.of("#255 get me sub desc, not attached", List.of(
                "{\"get\":{\"id\":\"x\",\"topic\":\"me\",\"what\":\"sub desc\"}}")),
            Arguments.of("#255 get p2p sub, not attached", List.of(
                "{\"get\":{\"id\":\"x\",\"topic\":\"PEER\",\"what\":\"sub\"}}")),
            Arguments.of("#255 get sub with null options", List.of(
                "{\"get\":{\"id\":\"x\",\"topic\":\"PEER\",\"what\":\"sub\",\"sub\":null}}")),
            Arguments.of("#255 get sub with empty user", List.of(
                "{\"get\":{\"id\":\"x\",\"topic\":\"PEER\",\"what\":\"sub\",\"sub\":{\"user\":\"\"}}}")),
            // 8550d765: {get what:"sub"} outside {sub} on an attached topic.
            Arguments.of("8550d765 get sub attached", List.of(
                "{\"get\":{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"sub\"}}")),
            // d985b344 (2026): a packet without extra; and extra in every empty form.
            Arguments.of("d985b344 pub without extra", List.of(
                "{\"pub\":{\"id\":\"x\",\"topic\":\"GRP\",\"content\":\"no extra\"}}")),
            Arguments.of("d985b344 extra null", List.of(
                "{\"pub\":{\"id\":\"x\",\"topic\":\"GRP\",\"content\":\"x\"},\"extra\":null}")),
            Arguments.of("d985b344 extra empty", List.of(
                "{\"pub\":{\"id\":\"x\",\"topic\":\"GRP\",\"content\":\"x\"},\"extra\":{}}")),
            Arguments.of("d985b344 extra with empty obo and authlevel", List.of(
                "{\"get\":{\"id\":\"x\",\"topic\":\"GRP\",\"what\":\"desc\"},\"extra\":{\"obo\":\"\",\"authlevel\":\"\",\"attachments\":[]}}")),
            Arguments.of("extra alone", List.of("{\"extra\":{\"obo\":\"usrAAAAAAAAAAA\"}}")),
            // #708 (596f42df): {get} and {set} without a query.
            Arguments.of("#708 get without query", List.of("{\"get\":{\"id\":\"x\",\"topic\":\"GRP\"}}")),
            Arguments.of("#708 set without query", List.of("{\"set\":{\"id\":\"x\",\"topic\":\"GRP\"}}")),
            Arguments.of("#708 get me without query", List.of("{\"get\":{\"id\":\"x\",\"topic\":\"me\"}}")),
            // 363bb0f4: a report to sys, which has no subscribers to push to.
            Arguments.of("363bb0f4 pub to sys", List.of(
                "{\"pub\":{\"id\":\"x\",\"topic\":\"sys\",\"content\":{\"report\":\"spam\"}}}")),
            // #955/#956 (ac2e851a): a search query that parses to nothing.
            Arguments.of("#956 fnd query of spaces", List.of(
                "{\"sub\":{\"id\":\"s\",\"topic\":\"fnd\"}}",
                "{\"set\":{\"id\":\"t\",\"topic\":\"fnd\",\"desc\":{\"public\":\" \"}}}",
                "{\"get\":{\"id\":\"x\",\"topic\":\"fnd\",\"what\":\"sub\"}}")),
            Arguments.of("#956 fnd query of commas and quotes", List.of(
                "{\"sub\":{\"id\":\"s\",\"topic\":\"fnd\"}}",
                "{\"set\":{\"id\":\"t\",\"topic\":\"fnd\",\"desc\":{\"public\":\",, \\\"\"}}}",
                "{\"get\":{\"id\":\"x\",\"topic\":\"fnd\",\"what\":\"sub\"}}")),
            Arguments.of("fnd query not a string", List.of(
                "{\"sub\":{\"id\":\"s\",\"topic\":\"fnd\"}}",
                "{\"set\":{\"id\":\"t\",\"topic\":\"fnd\",\"desc\":{\"public\":{\"q\":[1]}}}}",
                "{\"get\":{\"id\":\"x\",\"topic\":\"fnd\",\"what\":\"sub\"}}")),
            // 70779f49: typing in a p2p chat whose peer is offline.
            Arguments.of("70779f49 typing to offline peer", List.of(
                "{\"sub\":{\"id\":\"s\",\"topic\":\"PEER\"}}",
                "{\"note\":{\"topic\":\"PEER\",\"what\":\"kp\"}}",
                "{\"note\":{\"topic\":\"PEER\",\"what\":\"read\",\"seq\":0}}",
                "{\"note\":{\"topic\":\"PEER\",\"what\":\"recv\",\"seq\":-1}}")),
            // 866c58c6: sys topic requests by a non-root user.
            Arguments.of("866c58c6 sub sys", List.of("{\"sub\":{\"id\":\"x\",\"topic\":\"sys\"}}")),
            Arguments.of("866c58c6 get sys", List.of("{\"get\":{\"id\":\"x\",\"topic\":\"sys\",\"what\":\"desc sub data\"}}")),
            // 6ad43fc2, f2014fb2: calls: events out of order or in a group.
            Arguments.of("calls out of order", List.of(
                "{\"note\":{\"topic\":\"GRP\",\"what\":\"call\",\"event\":\"accept\",\"seq\":1}}",
                "{\"note\":{\"topic\":\"GRP\",\"what\":\"call\",\"event\":\"hang-up\"}}",
                "{\"note\":{\"topic\":\"GRP\",\"what\":\"call\",\"event\":\"offer\",\"seq\":99,\"payload\":null}}")),
            // d8872a1c: unknown message.
            Arguments.of("d8872a1c unknown message", List.of("{\"unknown\":{\"id\":\"x\"}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void historicalCrashPacket_normalReply_sessionGoesOn(String label, List<String> frames) {
        TestClient peer = user("crashpeer");
        peer.close();
        TestClient c = user("crasher");
        String grp = c.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        c.send("{\"pub\":{\"id\":\"m\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"first\"}}");
        c.ctrlFor("m");
        for (String f : frames) {
            c.send(f.replace("GRP", grp).replace("PEER", peer.userId()));
        }
        c.send("1");
        for (String f = c.nextRaw(); !"0".equals(f); f = c.nextRaw()) {
            JsonObject frame = TestClient.json(f);
            if (frame.has("ctrl")) {
                assertThat(frame.getAsJsonObject("ctrl").get("code").getAsInt()).as(f).isLessThan(500);
            }
        }
        // The session and the topic still work.
        c.send("{\"pub\":{\"id\":\"after\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"after\"}}");
        assertThat(c.ctrlFor("after").get("code").getAsInt()).isEqualTo(202);
        assertThat(c.isClosedByServer()).isFalse();
    }
}

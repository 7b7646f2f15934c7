package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every bad frame gets Tinode's reply, the session survives and nothing is written. */
class BadInputTest extends EngineTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "not json",
        "[1,2,3]",
        "\"hi\"",
        "{} {}",
        "{\"hi\":{\"id\":1,\"ver\":\"0.25\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":0.25}}",
        "{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"login\":\"yes\"}}",
        "{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"%%%\"}}",
        "{\"login\":{\"id\":\"1\",\"scheme\":\"basic\",\"secret\":12}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"limit\":\"ten\"}}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"limit\":1.5}}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"},}",
        "{'hi':{}}",
        "{}",
        "{\"unknown\":{\"id\":\"1\"}}",
        "{\"hi\":null}",
        // IN-01: a byte-order mark fails Go's decoder; Gson alone would skip it.
        "\uFEFF{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}",
        // A timestamp that is not RFC 3339 fails Go's decoding of the whole frame: no id to echo.
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"desc\",\"desc\":{\"ims\":\"yesterday\"}}}",
        "{\"sub\":{\"id\":\"1\",\"topic\":\"me\",\"get\":{\"what\":\"sub\",\"sub\":{\"ims\":\"2026-13-01\"}}}}",
        // 64-bit like Go's int, and no further.
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"limit\":1e9}}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"before\":18446744073709551616}}}",
        // IN-01: top-level values that are not objects, and an empty frame.
        "",
        " ",
        "[]",
        "null",
        "2",
        "true",
        // IN-05: wrong types, including the ones Gson would coerce (a quoted int, a number as a string).
        "{\"pub\":[]}",
        "{\"pub\":{\"id\":\"1\",\"topic\":123,\"content\":\"x\"}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"noecho\":\"true\"}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":\"abc\"}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":\"5\"}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":9223372036854775808}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\",\"bkg\":\"yes\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":true}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"head\":[]}}",
        // IN-09: comments, unquoted names, NaN.
        "// c\n{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}",
        "{hi:{\"id\":\"1\",\"ver\":\"0.25\"}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"data\":{\"limit\":NaN}}}",
    })
    void badFrame_malformedWithoutIdAndSessionStaysUsable(String frame) {
        TestClient c = client();
        c.send(frame);
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("malformed");
        assertThat(ctrl.has("id")).isFalse();
        assertThat(ctrl.has("topic")).isFalse();
        assertThat(c.hi().get("code").getAsInt()).isEqualTo(201);
        assertThat(c.isClosedByServer()).isFalse();
    }

    @Test
    void badFrames_nothingStored() {
        TestClient c = client();
        c.hi();
        c.send("{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"***\",\"login\":true}}");
        c.ctrl();
        c.send("{\"acc\":{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64("zed1:zed") + "\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(422);
        assertThat(store.getAuthRecordByUnique("basic:zed1")).isEmpty();
    }

    @Test
    void unknownFields_ignored() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\",\"future\":{\"x\":[1,2]}},\"later\":true}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
    }

    @Test
    void severalMessagesInOneFrame_pubWinsOverHi() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"},\"sub\":{\"id\":\"2\",\"topic\":\"me\"}}");
        JsonObject ctrl = c.ctrl();
        // sub ranks before hi; before any hi it is out of sequence.
        assertThat(ctrl.get("id").getAsString()).isEqualTo("2");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
    }

    @Test
    void emptyTopic_malformed() {
        TestClient c = user("yuri");
        c.send("{\"sub\":{\"id\":\"2\"}}");
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(400);
    }

    @Test
    void hugeAndUnicodeValues_survive() {
        TestClient c = user("xena");
        String big = "\u0000\ud83d\ude00".repeat(1000);
        c.send("{\"sub\":{\"id\":\"1\",\"topic\":\"me\"}}");
        c.ctrl();
        JsonObject s = new JsonObject();
        JsonObject set = new JsonObject();
        set.addProperty("id", "2");
        set.addProperty("topic", "me");
        JsonObject desc = new JsonObject();
        desc.addProperty("public", big);
        set.add("desc", desc);
        s.add("set", set);
        c.send(s);
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(200);
        c.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"desc\"}}");
        assertThat(c.next("meta").getAsJsonObject("desc").get("public").getAsString()).isEqualTo(big);
    }

    @Test
    void frameOverMaxMessageSize_sessionClosed() {
        TestClient c = client();
        c.hi();
        c.send("{\"hi\":{\"id\":\"x\",\"ua\":\"" + "a".repeat(131072) + "\"}}");
        // Local connections close synchronously, so the effect is visible at once.
        assertThat(c.isClosedByServer()).isTrue();
    }

    /** IN-11: huge and negative bounds are clamped as Go's store does, never dropped in silence. */
    @Test
    void hugeAndNegativeRanges_clampedAndAnsweredWithTheirId() {
        TestClient a = user("alice");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        for (int i = 0; i < 3; i++) {
            a.send("{\"pub\":{\"id\":\"p" + i + "\",\"topic\":\"" + grp + "\",\"content\":\"m" + i + "\"}}");
            a.ctrlFor("p" + i);
        }
        a.send("{\"get\":{\"id\":\"g1\",\"topic\":\"" + grp + "\",\"what\":\"data\","
                + "\"data\":{\"since\":-1,\"before\":9007199254740992,\"limit\":1000000000}}}");
        JsonObject delivered = a.ctrlFor("g1");
        assertThat(delivered.get("code").getAsInt()).isEqualTo(208);
        assertThat(delivered.getAsJsonObject("params").get("count").getAsInt()).isEqualTo(3);

        a.send("{\"get\":{\"id\":\"g2\",\"topic\":\"" + grp + "\",\"what\":\"del\","
                + "\"del\":{\"since\":-1,\"before\":9007199254740992,\"limit\":1000000000}}}");
        assertThat(a.ctrlFor("g2").get("code").getAsInt()).isEqualTo(204);

        // hi past the last seq is clamped to lastID + 1: everything from low on is deleted.
        a.send("{\"del\":{\"id\":\"d1\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"hard\":true,"
                + "\"delseq\":[{\"low\":2,\"hi\":9007199254740992}]}}");
        assertThat(a.ctrlFor("d1").get("code").getAsInt()).isEqualTo(200);
        a.send("{\"get\":{\"id\":\"g3\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        assertThat(a.ctrlFor("g3").getAsJsonObject("params").get("count").getAsInt()).isEqualTo(1);

        // Too many ranges, and a low past the end, are malformed, with the id.
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 1025; i++) {
            many.append(i > 1 ? "," : "").append("{\"low\":").append(i).append('}');
        }
        a.send("{\"get\":{\"id\":\"g4\",\"topic\":\"" + grp + "\",\"what\":\"data\",\"data\":{\"ranges\":[" + many + "]}}}");
        assertThat(a.ctrlFor("g4").get("code").getAsInt()).isEqualTo(400);
        a.send("{\"del\":{\"id\":\"d2\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[" + many + "]}}");
        assertThat(a.ctrlFor("d2").get("code").getAsInt()).isEqualTo(400);
        a.send("{\"del\":{\"id\":\"d3\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[{\"low\":9007199254740992}]}}");
        assertThat(a.ctrlFor("d3").get("code").getAsInt()).isEqualTo(400);
        // low 0 with hi 0 names nothing; more than 1024 ids in several ranges is too many, one
        // range of any length is not (Go's replyDelMsg).
        a.send("{\"del\":{\"id\":\"d4\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[{\"low\":0,\"hi\":0}]}}");
        assertThat(a.ctrlFor("d4").get("code").getAsInt()).isEqualTo(400);
        for (int i = 3; i < 1500; i++) {
            a.send("{\"pub\":{\"id\":\"q" + i + "\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"m\"}}");
            if (i % 40 == 0) {
                // In batches within the publish allowance, which the clock refills.
                a.ctrlFor("q" + i);
                clock.advance(java.time.Duration.ofSeconds(10));
            }
        }
        a.ctrlFor("q1499");
        a.send("{\"del\":{\"id\":\"d5\",\"topic\":\"" + grp + "\",\"what\":\"msg\","
                + "\"delseq\":[{\"low\":1,\"hi\":700},{\"low\":701,\"hi\":1400}]}}");
        assertThat(a.ctrlFor("d5").get("code").getAsInt()).isEqualTo(400);
        a.send("{\"del\":{\"id\":\"d6\",\"topic\":\"" + grp + "\",\"what\":\"msg\",\"delseq\":[{\"low\":1,\"hi\":1400}]}}");
        assertThat(a.ctrlFor("d6").get("code").getAsInt()).isEqualTo(200);
        // A read note for a seq no message can have is dropped, not an error.
        a.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"read\",\"seq\":9007199254740992}}");
        a.expectNoMoreFramesIgnoring("pres");
    }

    /** IN-04: nesting past Gson's 255 levels is malformed, the session survives, nothing overflows. */
    @ParameterizedTest
    @ValueSource(ints = {300, 60_000})
    void deepNestingInContent_malformedAndSessionUsable(int depth) {
        TestClient a = user("nesting");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        a.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + grp + "\",\"content\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}}");
        JsonObject ctrl = a.nextCtrlSkippingOthers();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(400);
        assertThat(ctrl.has("id")).isFalse();
        a.send("{\"pub\":{\"id\":\"p2\",\"topic\":\"" + grp + "\",\"content\":[[[\"fine\"]]]}}");
        assertThat(a.ctrlFor("p2").get("code").getAsInt()).isEqualTo(202);
    }

    /** IN-07: Tinode's order puts pub before hi: before any hi it is out of sequence. */
    @Test
    void hiAndPubInOneFrame_pubHandledFirst_outOfSequence() {
        TestClient c = client();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"},\"pub\":{\"id\":\"2\",\"topic\":\"me\",\"content\":\"x\"}}");
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("id").getAsString()).isEqualTo("2");
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        // The hi in that frame was not handled: a hi now is the first.
        assertThat(c.hi().get("code").getAsInt()).isEqualTo(201);
    }

    /** IN-06: values of what the server does not know are skipped; the known ones answered. */
    @Test
    void unknownWhatValues_ignored_knownOnesAnswered() {
        TestClient c = user("whats");
        c.send("{\"sub\":{\"id\":\"1\",\"topic\":\"me\"}}");
        c.ctrl();
        c.send("{\"get\":{\"id\":\"2\",\"topic\":\"me\",\"what\":\"future desc later\"}}");
        assertThat(c.next("meta").has("desc")).isTrue();
        c.send("{\"get\":{\"id\":\"3\",\"topic\":\"me\",\"what\":\"future later\"}}");
        assertThat(c.ctrlFor("3").get("code").getAsInt()).isEqualTo(400);
        // An unknown top-level key next to a known one is ignored too.
        c.send("{\"future\":{\"id\":\"x\"},\"get\":{\"id\":\"4\",\"topic\":\"me\",\"what\":\"desc\"}}");
        assertThat(c.next("meta").get("id").getAsString()).isEqualTo("4");
    }

    /** IN-08 over the wire: a head with a repeated key is taken with its last value, as Go does. */
    @Test
    void duplicateKeysInHead_lastWins_messageAccepted() {
        TestClient a = user("dupes");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        a.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + grp + "\",\"noecho\":true,"
                + "\"head\":{\"mime\":\"text/plain\",\"mime\":\"text/x-drafty\"},"
                + "\"content\":{\"txt\":\"first\",\"txt\":\"last\"}}}");
        assertThat(a.ctrlFor("p1").get("code").getAsInt()).isEqualTo(202);
        a.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        JsonObject data = a.next("data");
        assertThat(data.getAsJsonObject("head").get("mime").getAsString()).isEqualTo("text/x-drafty");
        assertThat(data.getAsJsonObject("content").get("txt").getAsString()).isEqualTo("last");
    }

    /** IN-12: a lone surrogate is stored and sent back as U+FFFD, as Go's decoder makes it. */
    @Test
    void loneSurrogate_storedAsReplacementCharacter() {
        TestClient a = user("surrogate");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        a.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + grp + "\",\"noecho\":true,"
                + "\"content\":\"a\\ud800b \\ud83d\\ude00\"}}");
        assertThat(a.ctrlFor("p1").get("code").getAsInt()).isEqualTo(202);
        a.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        assertThat(a.next("data").get("content").getAsString()).isEqualTo("a\uFFFDb \uD83D\uDE00");
    }
}

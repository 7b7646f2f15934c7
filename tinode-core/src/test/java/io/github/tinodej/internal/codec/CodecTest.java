package io.github.tinodej.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wire parser against Go's {@code encoding/json}, where Gson's defaults differ: nesting,
 * scalar coercions, duplicate keys, leniency and unpaired surrogates (reliability.md IN-04, IN-05,
 * IN-08, IN-09, IN-12).
 */
class CodecTest {
    private final Codec codec = new Codec();

    private static String pubWithContent(String content) {
        return "{\"pub\":{\"id\":\"1\",\"topic\":\"grpAAAAAAAAAAA\",\"content\":" + content + "}}";
    }

    /** IN-04: Gson stops at 255 levels; its message names the whole path, so ours is cut short. */
    @ParameterizedTest
    @ValueSource(ints = {256, 300, 100_000})
    void deepNesting_malformedWithShortMessage_noStackOverflow(int depth) {
        String frame = pubWithContent("[".repeat(depth) + "]".repeat(depth));
        assertThatThrownBy(() -> codec.parse(frame))
                .isInstanceOf(Codec.MalformedException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(Codec.MAX_ERROR_LENGTH));
        // Objects nest the same way.
        String objects = pubWithContent("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        assertThatThrownBy(() -> codec.parse(objects)).isInstanceOf(Codec.MalformedException.class);
    }

    @Test
    void nestingBelowTheLimit_accepted() throws Exception {
        // The frame object, pub and content take three levels of Gson's 255.
        String frame = pubWithContent("[".repeat(250) + "]".repeat(250));
        assertThat(codec.parse(frame).pub.content.isJsonArray()).isTrue();
    }

    /** IN-05: what Go's decoder refuses, including what Gson would coerce. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":\"abc\"}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":\"5\"}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":1.5}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":9223372036854775808}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":true}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":123,\"content\":\"x\"}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":true,\"content\":\"x\"}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":[\"me\"],\"content\":\"x\"}}",
        "{\"pub\":[]}",
        "{\"pub\":\"x\"}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"noecho\":\"true\"}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"noecho\":1}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"head\":[]}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"data\",\"data\":{\"limit\":\"5\"}}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"data\",\"data\":{\"limit\":-9223372036854775809}}}",
        "{\"del\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"msg\",\"delseq\":{\"low\":1}}}",
        "{\"del\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"msg\",\"delseq\":[{\"low\":\"1\"}]}}",
        "{\"set\":{\"id\":\"1\",\"topic\":\"me\",\"tags\":\"a,b\"}}",
        "{\"set\":{\"id\":\"1\",\"topic\":\"me\",\"tags\":[1,2]}}",
        "{\"extra\":{\"attachments\":\"/v0/file/s/x\"},\"pub\":{\"id\":\"1\",\"topic\":\"me\"}}",
    })
    void wrongTypes_malformed(String frame) {
        assertThatThrownBy(() -> codec.parse(frame)).isInstanceOf(Codec.MalformedException.class);
    }

    @Test
    void int64Bounds_accepted() throws Exception {
        assertThat(codec.parse("{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":9223372036854775807}}").note.seq)
                .isEqualTo(Long.MAX_VALUE);
        // Go refuses a number with an exponent for an int, whole or not.
        assertThatThrownBy(() -> codec.parse("{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":1e3}}"))
                .isInstanceOf(Codec.MalformedException.class);
    }

    /** IN-08: the last of duplicate keys wins everywhere, as in Go, maps (head, aux) included. */
    @Test
    void duplicateKeys_lastWins() throws Exception {
        ClientMessage m = codec.parse("{\"pub\":{\"id\":\"1\",\"topic\":\"grpA\",\"topic\":\"grpB\","
                + "\"head\":{\"mime\":\"text/plain\",\"mime\":\"text/x-drafty\"},"
                + "\"content\":{\"txt\":\"a\",\"txt\":\"b\"}}}");
        assertThat(m.pub.topic).isEqualTo("grpB");
        assertThat(m.pub.head.get("mime").getAsString()).isEqualTo("text/x-drafty");
        assertThat(m.pub.content.getAsJsonObject().get("txt").getAsString()).isEqualTo("b");

        ClientMessage set = codec.parse("{\"set\":{\"id\":\"1\",\"topic\":\"grpA\",\"aux\":{\"k\":1,\"k\":2}}}");
        assertThat(set.set.aux.get("k").getAsInt()).isEqualTo(2);

        ClientMessage twice = codec.parse("{\"pub\":{\"id\":\"1\",\"topic\":\"a\"},\"pub\":{\"id\":\"2\",\"topic\":\"b\"}}");
        assertThat(twice.pub.id).isEqualTo("2");
    }

    /** IN-09: nothing Gson's lenient mode would take. */
    @ParameterizedTest
    @ValueSource(strings = {
        "// comment\n{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}} // comment",
        "{/* c */\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}",
        "# comment\n{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}",
        "{'hi':{'id':'1','ver':'0.25'}}",
        "{hi:{id:\"1\",ver:\"0.25\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"};}",
        "{\"hi\"={\"id\":\"1\",\"ver\":\"0.25\"}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"data\",\"data\":{\"limit\":NaN}}}",
        "{\"get\":{\"id\":\"1\",\"topic\":\"me\",\"what\":\"data\",\"data\":{\"limit\":Infinity}}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"content\":NaN}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"content\":[1,,2]}}",
        "{\"pub\":{\"id\":\"1\",\"topic\":\"me\",\"content\":unquoted}}",
        ")]}'\n{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}{\"hi\":{}}",
    })
    void lenientSyntax_malformed(String frame) {
        assertThatThrownBy(() -> codec.parse(frame)).isInstanceOf(Codec.MalformedException.class);
    }

    /**
     * IN-01, found by CodecFuzzTest: Gson checks strings for raw control characters only where it
     * reads them, not in the values of unknown fields it skips; Go's decoder rejects them
     * everywhere. Tab, newline and return are whitespace between tokens, never inside a string.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\",\"future\":\"a\u0000b\"}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"},\"later\":[\"\u001f\"]}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":1,\"x\":{\"y\":\"tab\there\"}}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":1,\"x\":\"new\nline\"}}",
        "{\"note\":{\"topic\":\"me\",\"what\":\"read\",\"seq\":1,\"x\u0001\":1}}",
        "{\"hi\":{\"id\":\"1\",\"ver\":\"0.25\"}}\u0000",
    })
    void rawControlCharacters_inSkippedValues_malformed(String frame) {
        assertThatThrownBy(() -> codec.parse(frame)).isInstanceOf(Codec.MalformedException.class);
    }

    @Test
    void whitespaceBetweenTokens_andEscapedControls_accepted() throws Exception {
        String frame = "\t{\r\n\"hi\" :\n{\"id\":\"1\",\"ver\":\"0.25\",\"x\":\"\\t\\u0000\\\"\"}\t}\n";
        assertThat(codec.parse(frame).hi.id).isEqualTo("1");
    }

    /**
     * IN-12: Go's decoder turns an escaped surrogate that is not half of a pair into U+FFFD; Gson
     * keeps it, and an unpaired surrogate cannot be encoded as UTF-8 (MySQL's utf8mb4 refuses it,
     * Java's encoders write '?'). Pairs, escaped or not, stay.
     */
    @Test
    void unpairedSurrogates_becomeReplacementCharacter_likeGo() throws Exception {
        assertThat(codec.parse(pubWithContent("\"\\ud800x\"")).pub.content.getAsString()).isEqualTo("\uFFFDx");
        assertThat(codec.parse(pubWithContent("\"x\\udc00\"")).pub.content.getAsString()).isEqualTo("x\uFFFD");
        // A high surrogate followed by another high one: each is unpaired.
        assertThat(codec.parse(pubWithContent("\"\\ud800\\ud800\"")).pub.content.getAsString())
                .isEqualTo("\uFFFD\uFFFD");
        // Low before high is not a pair either.
        assertThat(codec.parse(pubWithContent("\"\\udc00\\ud800\"")).pub.content.getAsString())
                .isEqualTo("\uFFFD\uFFFD");
        // Raw unpaired surrogates (a host talking over LocalTransport can send them) likewise.
        assertThat(codec.parse(pubWithContent("\"a\ud800b\"")).pub.content.getAsString()).isEqualTo("a\uFFFDb");
        // In keys, in head and in string fields too.
        ClientMessage m = codec.parse("{\"pub\":{\"id\":\"\\udfff\",\"topic\":\"me\",\"head\":{\"k\\ud800\":\"v\"},"
                + "\"content\":{\"\\ud800\":1}}}");
        assertThat(m.pub.id).isEqualTo("\uFFFD");
        assertThat(m.pub.head).containsOnlyKeys("k\uFFFD");
        assertThat(m.pub.content.getAsJsonObject().has("\uFFFD")).isTrue();
    }

    @Test
    void pairedSurrogatesAndEscapedBackslashes_unchanged() throws Exception {
        assertThat(codec.parse(pubWithContent("\"\\ud83d\\ude00 \\uD83D\\uDE00 \ud83d\ude00\"")).pub.content.getAsString())
                .isEqualTo("\ud83d\ude00 \ud83d\ude00 \ud83d\ude00");
        // An escaped backslash followed by "ud800" is text, not an escape.
        assertThat(codec.parse(pubWithContent("\"\\\\ud800\"")).pub.content.getAsString()).isEqualTo("\\ud800");
        assertThat(codec.parse(pubWithContent("\"\\\\\\ud800\"")).pub.content.getAsString()).isEqualTo("\\\uFFFD");
        // Outside strings nothing is touched: the frame stays malformed where it was.
        assertThatThrownBy(() -> codec.parse("{\"pub\":\\ud800}")).isInstanceOf(Codec.MalformedException.class);
        // Digits other than ASCII hex make no escape, before or after.
        assertThatThrownBy(() -> codec.parse(pubWithContent("\"\\ud\uff18\uff10\uff10\"")))
                .isInstanceOf(Codec.MalformedException.class);
    }

    @Test
    void nulAndOtherControlEscapes_keptAsGoKeepsThem() throws Exception {
        assertThat(codec.parse(pubWithContent("\"a\\u0000b\\u001f\"")).pub.content.getAsString())
                .isEqualTo("a\u0000b\u001f");
        // A raw control character inside a string is not JSON.
        assertThatThrownBy(() -> codec.parse(pubWithContent("\"a\u0001b\""))).isInstanceOf(Codec.MalformedException.class);
    }

    @Test
    void storedTree_roundTripsTheReplacedText() throws Exception {
        ClientMessage m = codec.parse(pubWithContent("{\"txt\":\"\\ud800\"}"));
        assertThat(JsonParser.parseString(m.pub.content.toString()).getAsJsonObject().get("txt").getAsString())
                .isEqualTo("\uFFFD");
    }
}

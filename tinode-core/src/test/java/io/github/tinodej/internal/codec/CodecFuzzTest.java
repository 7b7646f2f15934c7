package io.github.tinodej.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the frame codec (reliability.md IN-01, IN-04, IN-05, IN-08, IN-09, IN-12). Plain test runs
 * replay the corpus under {@code src/test/resources/.../CodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (README, Fuzzing).
 */
class CodecFuzzTest {
    private final Codec codec = new Codec();

    /**
     * Any bytes, read as a frame three ways (UTF-8 as the WebSocket transport decodes, Latin-1 for
     * every single char, UTF-16 for lone surrogates): a parsed message or {@link
     * Codec.MalformedException}, nothing else; and what is accepted is JSON by RFC 8259, as Go's
     * decoder would require.
     */
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        check(new String(data, StandardCharsets.UTF_8));
        check(new String(data, StandardCharsets.ISO_8859_1));
        check(new String(data, StandardCharsets.UTF_16BE));
    }

    private void check(String frame) {
        ClientMessage m;
        try {
            m = codec.parse(frame);
        } catch (Codec.MalformedException e) {
            assertThat(e.getMessage() == null ? "" : e.getMessage()).hasSizeLessThanOrEqualTo(Codec.MAX_ERROR_LENGTH);
            return;
        }
        assertThat(m).isNotNull();
        assertThat(JsonGrammar.isValid(frame)).as("accepted frame is not RFC 8259 JSON: %s", frame).isTrue();
        assertThat(frame).doesNotStartWith("\uFEFF");
    }

}

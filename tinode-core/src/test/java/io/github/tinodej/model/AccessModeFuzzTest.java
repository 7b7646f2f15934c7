package io.github.tinodej.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes access mode parsing ({@code want}, {@code given}, {@code defacs} from clients) against a
 * transcription of Tinode's {@code ParseAcs} over the string's UTF-8 bytes, as Go reads it.
 */
class AccessModeFuzzTest {
    private static final String LETTERS = "JRWPASDO";

    /** The bytes as UTF-8 (what clients send) and as UTF-16 (any char, lone surrogates too). */
    @FuzzTest(maxDuration = "4s")
    void parse(byte[] data) {
        check(new String(data, StandardCharsets.UTF_8));
        check(new String(data, StandardCharsets.UTF_16BE));
    }

    private static void check(String mode) {
        Integer expected = goParseAcs(mode.getBytes(StandardCharsets.UTF_8));
        AccessMode parsed;
        try {
            parsed = AccessMode.parse(mode);
        } catch (IllegalArgumentException e) {
            assertThat(expected).as("Go accepts %s", mode).isNull();
            return;
        }
        assertThat(expected).as("Go rejects %s", mode).isNotNull();
        if (mode.isEmpty()) {
            assertThat(parsed.isUnset()).isTrue();
            return;
        }
        assertThat(parsed.bits()).isEqualTo(expected);
        assertThat(AccessMode.parse(parsed.toString())).isEqualTo(parsed);
    }

    /** Go's {@code ParseAcs}: the mode's bits, or null for an error. */
    private static Integer goParseAcs(byte[] b) {
        int bits = 0;
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c == 'N' || c == 'n') {
                return i == 0 ? 0 : null;
            }
            int idx = c < 128 ? LETTERS.indexOf(Character.toUpperCase((char) c)) : -1;
            if (idx < 0) {
                return null;
            }
            bits |= 1 << idx;
        }
        return bits;
    }
}

package io.github.tinodej.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WireTimeTest {

    @ParameterizedTest
    @CsvSource({
        "2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z",
        "2026-01-02T03:04:05.100Z, 2026-01-02T03:04:05.1Z",
        "2026-01-02T03:04:05.120Z, 2026-01-02T03:04:05.12Z",
        "2026-01-02T03:04:05.123Z, 2026-01-02T03:04:05.123Z",
        "2026-01-02T03:04:05.123999999Z, 2026-01-02T03:04:05.123Z",
        "1970-01-01T00:00:00.000001Z, 1970-01-01T00:00:00Z",
    })
    void format_millisecondsTrimmedLikeGo(String in, String out) {
        String s = WireTime.format(Instant.parse(in));
        assertThat(s).isEqualTo(out);
        // The JS SDK converts only strings of 20..24 characters into dates.
        assertThat(s.length()).isBetween(20, 24);
    }

    @Test
    void parse_acceptsOffsets() {
        assertThat(WireTime.parse("2026-01-02T05:04:05.5+02:00")).isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
        assertThatThrownBy(() -> WireTime.parse("yesterday")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.github.tinodej.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AccessModeTest {

    @ParameterizedTest
    @CsvSource({
        "JRWPASDO, JRWPASDO",
        "ojrwpasd, JRWPASDO",
        "SWRJ, JRWS",
        "N, N",
        "n, N",
        "JJ, J",
    })
    void parse_printsInCanonicalOrder(String in, String out) {
        assertThat(AccessMode.parse(in).toString()).isEqualTo(out);
    }

    @Test
    void parse_empty_isUnset() {
        assertThat(AccessMode.parse("").isUnset()).isTrue();
        assertThat(AccessMode.parse(null).toString()).isEmpty();
    }

    @Test
    void parse_invalid_rejected() {
        assertThatThrownBy(() -> AccessMode.parse("JX")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessMode.parse("JN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessMode.parse("JRWn")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Found by AccessModeFuzzTest: Go's ParseAcs reads bytes, so only ASCII letters count. */
    @ParameterizedTest
    @ValueSource(strings = {"\u017F", "J\u017F", "\u0131", "\uFF2A", "JR\u0000", "J R"})
    void parse_nonAsciiOrOtherCharacters_rejected(String mode) {
        assertThatThrownBy(() -> AccessMode.parse(mode)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Go's ParseAcs: a leading N means no access and stops the parse; nothing after it is read. */
    @ParameterizedTest
    @ValueSource(strings = {"NJ", "nRWS", "NN", "N?x", "N\u017F"})
    void parse_leadingN_isNone_restIgnored(String mode) {
        assertThat(AccessMode.parse(mode)).isEqualTo(AccessMode.NONE);
    }

    @Test
    void delta_likeTinodeDacs() {
        AccessMode old = AccessMode.parse("JRWPS");
        assertThat(AccessMode.parse("JRPA").deltaFrom(old)).isEqualTo("+A-WS");
        assertThat(AccessMode.parse("JRWPS").deltaFrom(old)).isEmpty();
    }

    @Test
    void effectiveMode_isWantAndGiven() {
        assertThat(AccessMode.parse("JRWP").and(AccessMode.parse("JRS")).toString()).isEqualTo("JR");
        assertThat(AccessMode.parse("J").and(AccessMode.parse("R")).toString()).isEqualTo("N");
    }
}

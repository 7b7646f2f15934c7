package io.github.tinodej.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        assertThatThrownBy(() -> AccessMode.parse("NJ")).isInstanceOf(IllegalArgumentException.class);
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

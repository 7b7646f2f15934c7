package io.github.tinodej.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UidTest {

    @Test
    void encoding_littleEndianBase64UrlElevenChars() {
        Uid u = new Uid(1);
        assertThat(u.userId()).isEqualTo("usrAQAAAAAAAAA");
        assertThat(Uid.parseUserId("usrAQAAAAAAAAA")).isEqualTo(u);
        Uid neg = new Uid(-2);
        assertThat(Uid.parseUserId(neg.userId())).isEqualTo(neg);
        assertThat(neg.encoded()).hasSize(11);
    }

    @Test
    void parse_invalid_isZero() {
        assertThat(Uid.parseUserId("usrAQAA")).isEqualTo(Uid.ZERO);
        assertThat(Uid.parseUserId("grpAQAAAAAAAAA")).isEqualTo(Uid.ZERO);
        assertThat(Uid.parseUserId("usr***********")).isEqualTo(Uid.ZERO);
        assertThat(Uid.parseUserId(null)).isEqualTo(Uid.ZERO);
    }
}

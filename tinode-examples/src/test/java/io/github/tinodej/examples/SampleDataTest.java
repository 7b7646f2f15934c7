package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.Uid;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parts of Tinode's sample-data format that are Go's own syntax: durations and p2p names. */
class SampleDataTest {

    @Test
    void goDuration_readsTheFormsDataJsonUses() {
        assertThat(SampleData.goDuration("-140h")).isEqualTo(Duration.ofHours(-140));
        assertThat(SampleData.goDuration("-115.5h")).isEqualTo(Duration.ofMinutes(-115 * 60 - 30));
        assertThat(SampleData.goDuration("-113.45h")).isEqualTo(Duration.ofSeconds(-(113 * 3600 + 27 * 60)));
        assertThat(SampleData.goDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SampleData.goDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SampleData.goDuration("")).isZero();
        assertThat(SampleData.goDuration(null)).isZero();
    }

    @Test
    void goDuration_refusesWhatGoRefuses() {
        for (String bad : new String[] {"-140", "h", "1d", "1h x"}) {
            assertThatThrownBy(() -> SampleData.goDuration(bad)).as(bad)
                    .isInstanceOf(StoreOptions.Refused.class).hasMessageContaining("invalid duration");
        }
    }

    @Test
    void p2pName_isSymmetricAndOrdersIdsAsUnsigned() {
        Uid small = new Uid(5);
        Uid negative = new Uid(-7); // unsigned, the largest
        assertThat(SampleLoader.p2pName(small, negative)).isEqualTo(SampleLoader.p2pName(negative, small));
        assertThat(SampleLoader.p2pName(small, negative)).startsWith("p2p").hasSize(25)
                .isEqualTo("p2p" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-7)
                                .array()));
    }
}

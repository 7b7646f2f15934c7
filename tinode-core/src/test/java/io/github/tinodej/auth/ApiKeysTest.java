package io.github.tinodej.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final byte[] STOCK = Base64.getDecoder().decode(ApiKeys.STOCK_SALT);

    @Test
    void demoKey_validWithStockSalt() {
        assertThat(ApiKeys.isValid(ApiKeys.DEMO_KEY, STOCK)).isTrue();
    }

    @Test
    void demoKey_rejectedWithOtherSalt() {
        byte[] other = STOCK.clone();
        other[0] ^= 1;
        assertThat(ApiKeys.isValid(ApiKeys.DEMO_KEY, other)).isFalse();
    }

    @Test
    void generate_matchesTinodeLayoutOfDemoKey() {
        assertThat(ApiKeys.generate(1, 1, false, STOCK)).isEqualTo(ApiKeys.DEMO_KEY);
    }

    @Test
    void malformedKeys_rejected() {
        assertThat(ApiKeys.isValid(null, STOCK)).isFalse();
        assertThat(ApiKeys.isValid("", STOCK)).isFalse();
        assertThat(ApiKeys.isValid("AQEAAAABAAD_rAp4DJh05a1HAwFT3A6", STOCK)).isFalse();
        assertThat(ApiKeys.isValid("AQEAAAABAAD_rAp4DJh05a1HAwFT3A6L", STOCK)).isFalse();
        assertThat(ApiKeys.isValid("AQEAAAABAAD/rAp4DJh05a1HAwFT3A6K", STOCK)).isFalse();
        assertThat(ApiKeys.isValid("AgEAAAABAAD_rAp4DJh05a1HAwFT3A6K", STOCK)).isFalse();
        assertThat(ApiKeys.isValid("\u00e9".repeat(32), STOCK)).isFalse();
    }

    /** AZ-09: the pair Tinode's own keygen printed (tinode/chat keygen/README.md), byte for byte. */
    @Test
    void keygenReadmePair_validAndRegenerated() {
        byte[] salt = Base64.getDecoder().decode("TC0Jzr8f28kAspXrb4UYccJUJ63b7CSA16n1qMxxGpw=");
        assertThat(ApiKeys.isValid("AQAAAAABAACGOIyP2vh5avSff5oVvMpk", salt)).isTrue();
        assertThat(ApiKeys.generate(0, 1, false, salt)).isEqualTo("AQAAAAABAACGOIyP2vh5avSff5oVvMpk");
        assertThat(ApiKeys.isValid("AQAAAAABAACGOIyP2vh5avSff5oVvMpk", STOCK)).isFalse();
    }
}

package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.server.RateLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

    @Test
    void absent_defaults() {
        assertThat(RateLimitSettings.from(TinodeConfig.empty())).isEqualTo(RateLimits.DEFAULTS);
    }

    @Test
    void shippedSample_spellsOutTheDefaults() throws Exception {
        try (var in = getClass().getResourceAsStream("/tinode.conf")) {
            TinodeConfig c = TinodeConfig.parse(new String(in.readAllBytes()));
            assertThat(RateLimitSettings.from(c)).isEqualTo(RateLimits.DEFAULTS);
        }
    }

    @Test
    void values_andOff() {
        RateLimits r = RateLimitSettings.from(TinodeConfig.parse("""
                {"rate_limits": {"exempt_loopback": true, "publish": {"count": 5, "per_seconds": 1},
                 "notes": {"count": 0}, "connections_per_address": 0, "sessions_per_user": 7,
                 "hello_timeout_seconds": 3}}"""));
        assertThat(r.publish()).isEqualTo(RateLimits.Rate.of(5, Duration.ofSeconds(1)));
        assertThat(r.notes().unlimited()).isTrue();
        assertThat(r.connectionsPerAddress()).isZero();
        assertThat(r.sessionsPerUser()).isEqualTo(7);
        assertThat(r.helloTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.exemptLoopback()).isTrue();
        assertThat(r.queries()).isEqualTo(RateLimits.DEFAULTS.queries());
        assertThat(RateLimitSettings.from(TinodeConfig.parse("{\"rate_limits\":{\"enabled\":false}}")))
                .isEqualTo(RateLimits.NONE);
    }

    @Test
    void badValues_errorNamesTheKey() {
        assertThatThrownBy(() -> RateLimitSettings.from(TinodeConfig.parse(
                "{\"rate_limits\":{\"search\":{\"count\":3,\"per_seconds\":0}}}")))
                .hasMessageContaining("rate_limits.search.per_seconds");
        assertThatThrownBy(() -> RateLimitSettings.from(TinodeConfig.parse(
                "{\"rate_limits\":{\"connections_per_address\":-1}}")))
                .hasMessageContaining("rate_limits.connections_per_address");
        assertThatThrownBy(() -> RateLimitSettings.from(TinodeConfig.parse(
                "{\"rate_limits\":{\"sessions_per_user\":-2}}")))
                .hasMessageContaining("rate_limits.sessions_per_user");
        assertThat(TinodeConfig.parse("{\"rate_limits\":{\"publish\":{\"count\":1,\"per_seconds\":1},\"bogus\":1}}")
                .unsupportedKeys()).containsExactly("rate_limits.bogus");
    }
}

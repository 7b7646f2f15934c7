package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * reliability.md FT-09: everything that depends on the date reads the injected clock (token
 * expiry, timestamps, rate-limit refills), and nothing that keeps a live session alive does, so
 * a wall clock that jumps, either way, neither ends sessions nor breaks a request. (Connection
 * timeouts in the transports run on System.nanoTime, which does not jump.)
 */
class ClockJumpTest extends EngineTest {

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.rateLimits(RateLimits.DEFAULTS.withPublish(RateLimits.Rate.of(3, Duration.ofSeconds(10))));
    }

    private static JsonObject pub(TestClient c, String topic, String id) {
        c.send("{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"" + id + "\"}}");
        return c.ctrlFor(id);
    }

    @Test
    void clockJumpsAMonthAheadThenBack_liveSessionWorks_tokenExpiryFollowsTheClock() {
        TestClient a = user("traveller");
        String token = a.token();
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        assertThat(pub(a, grp, "before").get("code").getAsInt()).isEqualTo(202);

        clock.advance(Duration.ofDays(30));
        JsonObject ahead = pub(a, grp, "ahead");
        assertThat(ahead.get("code").getAsInt()).isEqualTo(202);
        assertThat(ahead.get("ts").getAsString()).startsWith("2026-02-01T03:04:05");
        // The 14-day token expired by this clock: new logins with it fail; the open session does not care.
        TestClient b = client();
        b.hi();
        assertThat(b.login("token", token).get("code").getAsInt()).isEqualTo(401);

        clock.jump(Duration.ofDays(-32));
        JsonObject back = pub(a, grp, "back");
        assertThat(back.get("code").getAsInt()).isEqualTo(202);
        assertThat(back.get("ts").getAsString()).startsWith("2025-12-31T03:04:05");
        // Back before its expiry, the token works again: expiry is a comparison with the clock.
        assertThat(b.login("token", token).get("code").getAsInt()).isEqualTo(200);
        // History keeps every message, in seq order whatever their timestamps.
        a.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}");
        assertThat(a.ctrlFor("g").getAsJsonObject("params").get("count").getAsInt()).isEqualTo(3);
    }

    @Test
    void clockJumpsBack_rateLimitsHoldAndRefillOnceTimeMovesOn() {
        TestClient a = user("limited");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"slf\"}"));
        for (int i = 0; i < 3; i++) {
            assertThat(pub(a, "slf", "p" + i).get("code").getAsInt()).isEqualTo(202);
        }
        clock.jump(Duration.ofHours(-1));
        // No refill from a clock going backwards, and no failure either.
        assertThat(pub(a, "slf", "p3").get("code").getAsInt()).isEqualTo(429);
        clock.advance(Duration.ofHours(1).plusSeconds(10));
        assertThat(pub(a, "slf", "p4").get("code").getAsInt()).isEqualTo(202);
    }
}

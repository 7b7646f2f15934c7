package io.github.tinodej.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.server.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeClockTest {
    @Test
    void advance_runsDueTimersInOrderAtTheirTime_laterOnesWait() {
        FakeClock clock = new FakeClock();
        List<String> ran = new ArrayList<>();
        clock.schedule(() -> ran.add("b@" + clock.instant()), Duration.ofSeconds(2));
        clock.schedule(() -> ran.add("a@" + clock.instant()), Duration.ofSeconds(1));
        clock.schedule(() -> ran.add("c"), Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("a@2026-01-01T00:00:01Z", "b@2026-01-01T00:00:02Z");
        assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START.plusSeconds(5));
        assertThat(clock.pendingTimers()).isEqualTo(1);
    }

    @Test
    void timerScheduledByATimer_runsWithinTheSameAdvanceWhenDue() {
        FakeClock clock = new FakeClock();
        List<String> ran = new ArrayList<>();
        clock.schedule(() -> clock.schedule(() -> ran.add("second"), Duration.ofSeconds(1)), Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(ran).containsExactly("second");
    }

    @Test
    void cancelled_neverRuns_andTimeDoesNotGoBack() {
        FakeClock clock = new FakeClock();
        List<String> ran = new ArrayList<>();
        Scheduler.Cancellable c = clock.schedule(() -> ran.add("x"), Duration.ofMillis(10));
        c.cancel();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).isEmpty();
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.github.tinodej.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.transport.ServerStats;
import org.junit.jupiter.api.Test;

class StatsHistogramTest {

    @Test
    void bucketsAsTinode_boundInclusive_overflowLast() {
        StatsHistogram h = new StatsHistogram(new double[] {1, 2, 5});
        for (double v : new double[] {0, 1, 1.5, 2, 3, 5, 6, 100}) {
            h.record(v);
        }
        ServerStats.Histogram s = h.snapshot();
        assertThat(s.countPerBucket()).containsExactly(2, 2, 2, 2);
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.sum()).isEqualTo(118.5);
        assertThat(s.percentile(50)).isEqualTo(2);
        assertThat(s.percentile(99)).isInfinite();
    }

    @Test
    void empty_percentileZero() {
        assertThat(new StatsHistogram(StatsHistogram.REQUEST_LATENCY_MS).snapshot().percentile(99)).isZero();
    }
}

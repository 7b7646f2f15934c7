package io.github.tinodej.internal;

import io.github.tinodej.transport.ServerStats;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram as Tinode's expvar publishes one: bucket {@code i} counts samples
 * {@code <= bounds[i]} (and above the bound before it); the last bucket counts what is above every
 * bound. Lock-free, so request threads can record on the hot path.
 */
public final class StatsHistogram {
    /** Tinode's {@code requestLatencyDistribution}, in milliseconds. */
    public static final double[] REQUEST_LATENCY_MS = {1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30, 40, 50, 65, 80,
        100, 130, 160, 200, 250, 300, 400, 500, 650, 800, 1000, 2000, 5000, 10000, 20000, 50000, 100000};

    private final double[] bounds;
    private final AtomicLongArray buckets;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    public StatsHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.buckets = new AtomicLongArray(bounds.length + 1);
    }

    public void record(double v) {
        int i = Arrays.binarySearch(bounds, v);
        buckets.incrementAndGet(i >= 0 ? i : -i - 1);
        count.increment();
        sum.add(v);
    }

    public ServerStats.Histogram snapshot() {
        long[] b = new long[buckets.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = buckets.get(i);
        }
        return new ServerStats.Histogram(count.sum(), sum.sum(), b, bounds.clone());
    }
}

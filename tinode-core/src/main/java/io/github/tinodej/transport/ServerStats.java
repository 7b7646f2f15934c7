package io.github.tinodej.transport;

import java.util.Map;

/**
 * A snapshot of the server's counters: the figures Tinode publishes under {@code /debug/vars}
 * ({@code expvar}), what monitoring and leak checks read.
 *
 * @param liveSessions sessions open now, over every transport
 * @param totalSessions sessions opened since start
 * @param liveTopics topics loaded in memory now (including {@code me} and {@code fnd})
 * @param totalTopics topics loaded since start
 * @param incoming client messages received since start, per transport kind
 * @param outgoing server messages queued to clients since start, per transport kind
 * @param requestLatency milliseconds from a request's arrival to its {@code {ctrl}} reply
 *        (Tinode's {@code RequestLatency}, with its buckets)
 * @param pushSent push notifications the push services accepted
 * @param pushFailed push notifications given up on
 * @param pushDropped push notifications dropped because a queue was full
 */
public record ServerStats(long liveSessions, long totalSessions, long liveTopics, long totalTopics,
        Map<SessionKind, Long> incoming, Map<SessionKind, Long> outgoing, Histogram requestLatency,
        long pushSent, long pushFailed, long pushDropped) {

    /** Copies the maps. */
    public ServerStats {
        incoming = Map.copyOf(incoming);
        outgoing = Map.copyOf(outgoing);
    }

    /** Nothing counted: what a transport sees when it runs without an engine. */
    public static ServerStats empty() {
        return new ServerStats(0, 0, 0, 0, Map.of(), Map.of(), new Histogram(0, 0, new long[] {0}, new double[0]),
                0, 0, 0);
    }

    /**
     * Samples in fixed buckets, as Tinode's expvar histograms: {@code countPerBucket[i]} counts
     * samples up to {@code bounds[i]}; the last bucket counts those above every bound.
     *
     * @param count samples
     * @param sum their sum
     * @param countPerBucket one more entry than {@code bounds}
     * @param bounds upper bounds of the buckets, ascending
     */
    public record Histogram(long count, double sum, long[] countPerBucket, double[] bounds) {
        /** Copies the arrays. */
        public Histogram {
            countPerBucket = countPerBucket.clone();
            bounds = bounds.clone();
        }

        @Override
        public long[] countPerBucket() {
            return countPerBucket.clone();
        }

        @Override
        public double[] bounds() {
            return bounds.clone();
        }

        /** The bucket bound under which at least {@code percent} % of the samples fall (+inf past the last). */
        public double percentile(double percent) {
            long need = (long) Math.ceil(count * percent / 100.0);
            long seen = 0;
            for (int i = 0; i < countPerBucket.length; i++) {
                seen += countPerBucket[i];
                if (seen >= need && need > 0) {
                    return i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY;
                }
            }
            return 0;
        }
    }
}

package io.github.tinodej.push;

/**
 * Push counters since start, as the monitoring page ({@code /debug/vars}) shows them.
 *
 * @param sent notifications the push service accepted
 * @param failed notifications given up on (refused, or retries exhausted)
 * @param dropped notifications never sent because a queue was full
 */
public record PushStats(long sent, long failed, long dropped) {
    /** Nothing counted. */
    public static final PushStats NONE = new PushStats(0, 0, 0);

    /** The sum of both. */
    public PushStats plus(PushStats other) {
        return new PushStats(sent + other.sent, failed + other.failed, dropped + other.dropped);
    }
}

package io.github.tinodej.internal.topic;

/**
 * Clamps the 64-bit numbers of a query the way Go's store treats them (reliability.md IN-11): a
 * seq id that is zero or negative means "no bound", one past the int range is as good as the top
 * of it, and a limit is capped to the page maximum instead of failing the request.
 */
final class Bounds {
    private Bounds() {
    }

    /** A {@code since}/{@code before} bound: 0 for none. */
    static int seq(Long v) {
        if (v == null || v <= 0) {
            return 0;
        }
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v.intValue();
    }

    /** A page size: {@code max} when absent, zero, negative or larger. */
    static int limit(Long v, int max) {
        return v == null || v <= 0 || v > max ? max : v.intValue();
    }

    /** A note's seq as an int; values past the int range can match no message (0: ignored). */
    static int noteSeq(Long v) {
        return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? 0 : v.intValue();
    }
}

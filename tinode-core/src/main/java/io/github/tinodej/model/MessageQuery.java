package io.github.tinodej.model;

import java.util.List;

/**
 * Which messages to read: {@code since <= seq < before} (0 = unbounded) or explicit ranges, newest
 * first, at most {@code limit}.
 *
 * @param since lowest seq, inclusive, 0 for no bound
 * @param before upper bound, exclusive, 0 for no bound
 * @param ranges explicit ranges instead of since/before, may be empty
 * @param limit most messages to return, positive
 */
public record MessageQuery(int since, int before, List<SeqRange> ranges, int limit) {
    public MessageQuery {
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** True if {@code seq} is selected (ignoring the limit). */
    public boolean selects(int seq) {
        if (!ranges.isEmpty()) {
            return ranges.stream().anyMatch(r -> r.contains(seq));
        }
        return (since <= 0 || seq >= since) && (before <= 0 || seq < before);
    }
}

package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.SeqRange;
import java.util.ArrayList;
import java.util.List;

/** The ranges of a {@code {del what:"msg"}}, checked and clamped in the order of Go's {@code replyDelMsg}. */
final class DeleteRanges {
    private DeleteRanges() {
    }

    /**
     * The ranges to delete, merged, or null if the request is malformed.
     *
     * @param delseq the request's ranges, as sent
     * @param last the topic's last seq id
     */
    static List<SeqRange> of(List<ClientMessage.Range> delseq, int last) {
        if (delseq == null || delseq.isEmpty() || delseq.size() > TopicMessages.MAX_DELETE_IDS) {
            return null;
        }
        List<SeqRange> ranges = new ArrayList<>();
        long count = 0;
        for (ClientMessage.Range r : delseq) {
            long low = r.low == null ? 0 : r.low;
            long hi = r.hi == null ? 0 : r.hi;
            if (low < 0 || hi < 0 || low == 0 && hi == 0 || hi > 0 && low > hi || low > last) {
                return null;
            }
            // Go clamps hi to lastID + 1, whatever its size.
            if (hi > last + 1) {
                hi = last + 1;
            }
            if (low == 0) {
                // Go takes {hi} alone as [0, hi); seq ids start at 1, so that is [1, hi). [0, 1)
                // holds no message, and an empty range has no SeqRange (found by DispatcherFuzzTest).
                low = 1;
                if (hi <= 1) {
                    continue;
                }
            }
            if (hi <= low + 1) {
                hi = 0;
            }
            SeqRange sr = new SeqRange((int) low, (int) hi);
            count += sr.end() - sr.low();
            ranges.add(sr);
        }
        if (ranges.isEmpty()) {
            return null;
        }
        List<SeqRange> merged = TopicMessages.normalize(ranges, last + 1);
        // Counted as sent, judged after merging (Go's order).
        return merged.size() > 1 && count > TopicMessages.MAX_DELETE_IDS ? null : merged;
    }
}

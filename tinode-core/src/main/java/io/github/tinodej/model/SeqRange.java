package io.github.tinodej.model;

/**
 * A range of message seq ids, {@code low} inclusive, {@code hi} exclusive; {@code hi == 0} means the
 * single id {@code low} (Tinode's convention on the wire).
 *
 * @param low first id
 * @param hi one past the last id, or 0
 */
public record SeqRange(int low, int hi) {
    public SeqRange {
        if (low <= 0 || hi < 0 || (hi != 0 && hi <= low)) {
            throw new IllegalArgumentException("invalid range " + low + ".." + hi);
        }
    }

    /** One past the last id. */
    public int end() {
        return hi == 0 ? low + 1 : hi;
    }

    /** True if {@code seq} lies in the range. */
    public boolean contains(int seq) {
        return seq >= low && seq < end();
    }
}

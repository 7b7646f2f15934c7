package io.github.tinodej.model;

/**
 * A Tinode access mode: a bit set over the letters {@code JRWPASDO}, with {@code N} for the explicit
 * empty mode. Immutable; parsing is case-insensitive and always prints in {@code JRWPASDO} order.
 *
 * @param bits the bits, see the {@code JOIN}..{@code OWNER} constants
 */
public record AccessMode(int bits) {
    public static final int JOIN = 0x01;
    public static final int READ = 0x02;
    public static final int WRITE = 0x04;
    public static final int PRES = 0x08;
    public static final int APPROVE = 0x10;
    public static final int SHARE = 0x20;
    public static final int DELETE = 0x40;
    public static final int OWNER = 0x80;
    /** Bit marking "not specified" (empty string on input); never combined with others. */
    public static final int UNSET_BIT = 0x1000;

    private static final String LETTERS = "JRWPASDO";

    public static final AccessMode NONE = new AccessMode(0);
    public static final AccessMode UNSET = new AccessMode(UNSET_BIT);

    public AccessMode {
        if ((bits & UNSET_BIT) != 0 && bits != UNSET_BIT) {
            throw new IllegalArgumentException("unset mode combined with bits: " + bits);
        }
        if ((bits & ~(0xFF | UNSET_BIT)) != 0) {
            throw new IllegalArgumentException("unknown mode bits: " + bits);
        }
    }

    /**
     * Parses a mode string such as {@code JRWPS} or {@code N} as Tinode's {@code ParseAcs} does:
     * ASCII letters only, in either case; a leading {@code N} is the empty mode and ends the string
     * (what follows it is not read); the empty string yields {@link #UNSET}.
     *
     * @throws IllegalArgumentException on any other character, or {@code N} after other letters
     */
    public static AccessMode parse(String s) {
        if (s == null || s.isEmpty()) {
            return UNSET;
        }
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Go reads bytes: a non-ASCII letter whose upper case is ASCII (U+017F, long s) is invalid.
            char upper = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
            if (upper == 'N') {
                if (i > 0) {
                    throw new IllegalArgumentException("access mode N combined with other letters");
                }
                return NONE;
            }
            int idx = upper < 128 ? LETTERS.indexOf(upper) : -1;
            if (idx < 0) {
                throw new IllegalArgumentException("invalid access mode character at " + i);
            }
            bits |= 1 << idx;
        }
        return new AccessMode(bits);
    }

    /** Creates a mode from bits. */
    public static AccessMode of(int bits) {
        return new AccessMode(bits);
    }

    public boolean isUnset() {
        return bits == UNSET_BIT;
    }

    public boolean has(int flags) {
        return !isUnset() && (bits & flags) == flags;
    }

    public boolean isJoiner() {
        return has(JOIN);
    }

    public boolean isReader() {
        return has(READ);
    }

    public boolean isWriter() {
        return has(WRITE);
    }

    public boolean isPresencer() {
        return has(PRES);
    }

    public boolean isOwner() {
        return has(OWNER);
    }

    /** Effective mode {@code this & other}; unset counts as none. */
    public AccessMode and(AccessMode other) {
        return new AccessMode(value() & other.value());
    }

    public AccessMode or(AccessMode other) {
        return new AccessMode(value() | other.value());
    }

    public AccessMode with(int flags) {
        return new AccessMode(value() | flags);
    }

    public AccessMode without(int flags) {
        return new AccessMode(value() & ~flags);
    }

    /** The bits as a plain integer with unset treated as none. */
    public int value() {
        return isUnset() ? 0 : bits;
    }

    /**
     * The delta from {@code old} to this as Tinode prints it in {@code pres.dacs}: {@code +XY-Z};
     * empty when equal.
     */
    public String deltaFrom(AccessMode old) {
        int added = value() & ~old.value();
        int removed = old.value() & ~value();
        StringBuilder sb = new StringBuilder();
        if (added != 0) {
            sb.append('+').append(letters(added));
        }
        if (removed != 0) {
            sb.append('-').append(letters(removed));
        }
        return sb.toString();
    }

    /** {@code JRWPASDO} order, {@code N} for none, empty for unset. */
    @Override
    public String toString() {
        if (isUnset()) {
            return "";
        }
        if (bits == 0) {
            return "N";
        }
        return letters(bits);
    }

    private static String letters(int bits) {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < LETTERS.length(); i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(LETTERS.charAt(i));
            }
        }
        return sb.toString();
    }
}

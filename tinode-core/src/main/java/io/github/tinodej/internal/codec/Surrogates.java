package io.github.tinodej.internal.codec;

/**
 * Go's {@code encoding/json} decodes a {@code \\uXXXX} escape of a UTF-16 surrogate that is not
 * half of a pair as U+FFFD, and invalid UTF-8 (which is what a raw unpaired surrogate would be)
 * likewise; Gson keeps the lone surrogate, which no UTF-8 encoder can write (MySQL's utf8mb4
 * refuses it, Java's encoders turn it into '?'). Rewriting the frame's text before Gson reads it
 * gives the same strings as Go everywhere: values, keys, content and head (reliability.md IN-12).
 *
 * <p>Strings need not be told apart from the rest: outside a string a backslash or a surrogate is
 * a syntax error before and after the rewrite. Stateless.
 */
final class Surrogates {
    private static final String REPLACEMENT_ESCAPE = "\\ufffd";

    private Surrogates() {
    }

    /** The frame with every unpaired surrogate, escaped or raw, replaced; the same instance if none. */
    static String repair(String frame) {
        StringBuilder out = null;
        int copied = 0;
        int n = frame.length();
        int i = 0;
        while (i < n) {
            char c = frame.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && frame.charAt(i + 1) == 'u') {
                    int unit = hex4(frame, i + 2);
                    if (unit >= 0 && Character.isSurrogate((char) unit)) {
                        if (Character.isHighSurrogate((char) unit) && i + 11 < n && frame.charAt(i + 6) == '\\'
                                && frame.charAt(i + 7) == 'u' && isLow(hex4(frame, i + 8))) {
                            i += 12;
                            continue;
                        }
                        out = flush(out, frame, copied, i).append(REPLACEMENT_ESCAPE);
                        i += 6;
                        copied = i;
                        continue;
                    }
                }
                // Any other escape, an escaped backslash included, is two characters to keep.
                i += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(frame.charAt(i + 1))) {
                    i += 2;
                    continue;
                }
                out = flush(out, frame, copied, i).append('\ufffd');
                i++;
                copied = i;
                continue;
            }
            i++;
        }
        if (out == null) {
            return frame;
        }
        return out.append(frame, copied, n).toString();
    }

    private static StringBuilder flush(StringBuilder out, String frame, int from, int to) {
        StringBuilder b = out == null ? new StringBuilder(frame.length()) : out;
        return b.append(frame, from, to);
    }

    private static boolean isLow(int unit) {
        return unit >= 0 && Character.isLowSurrogate((char) unit);
    }

    /** The four hex digits at {@code at} as a number, or -1. */
    private static int hex4(String s, int at) {
        if (at + 4 > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            char c = s.charAt(k);
            // ASCII only: JSON's escapes take no other digits (Character.digit would).
            int d = c < 128 ? Character.digit(c, 16) : -1;
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}

package io.github.tinodej.examples;

/**
 * Turns {@code tinode.conf} text into JSON the way Tinode reads it (its jsonco reader): {@code //}
 * and {@code /* *}{@code /} comments and trailing commas before {@code }} or {@code ]} become
 * blanks, line breaks stay (so parse errors keep their line numbers), string contents are left
 * alone. Tinode's stock tinode.conf has trailing commas; a lenient JSON parser alone either
 * rejects them (in objects) or reads a null element (in arrays).
 */
final class ConfigText {
    private ConfigText() {
    }

    static String toJson(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                int end = stringEnd(s, i);
                out.append(s, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '*')) {
                int end = commentEnd(s, i);
                blank(s, i, end, out);
                i = end;
            } else if (c == ',') {
                int next = significant(s, i + 1);
                boolean trailing = next < n && (s.charAt(next) == '}' || s.charAt(next) == ']');
                out.append(trailing ? ' ' : ',');
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index just past the string literal that starts at {@code i}. */
    private static int stringEnd(String s, int i) {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(j + 1, s.length());
    }

    /** Index just past the comment that starts at {@code i} (the newline ending a line comment stays). */
    private static int commentEnd(String s, int i) {
        if (s.charAt(i + 1) == '/') {
            int nl = i;
            while (nl < s.length() && s.charAt(nl) != '\n' && s.charAt(nl) != '\r') {
                nl++;
            }
            return nl;
        }
        int close = s.indexOf("*/", i + 2);
        return close < 0 ? s.length() : close + 2;
    }

    /** The first index from {@code i} that is neither white space nor inside a comment. */
    private static int significant(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < s.length() && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '*')) {
                i = commentEnd(s, i);
            } else {
                break;
            }
        }
        return i;
    }

    private static void blank(String s, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            out.append(c == '\n' || c == '\r' ? c : ' ');
        }
    }
}

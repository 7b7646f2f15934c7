package io.github.tinodej.internal.codec;

/**
 * An independent check of RFC 8259's grammar, which Go's {@code encoding/json} enforces exactly:
 * no comments, no single quotes, no raw control characters in strings, no BOM, only the four
 * whitespace characters. The fuzzers use it as an oracle: a frame the codec accepts must pass it,
 * wherever in the frame the fault sits (known fields or skipped unknown ones). Syntax only:
 * nesting depth and types are the codec's business.
 */
final class JsonGrammar {
    private final String s;
    private int i;

    private JsonGrammar(String s) {
        this.s = s;
    }

    /** True if {@code text} is one JSON value with optional surrounding whitespace. */
    static boolean isValid(String text) {
        JsonGrammar g = new JsonGrammar(text);
        try {
            g.ws();
            g.value();
            g.ws();
            return g.i == text.length();
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private void value() {
        char c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object() {
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            ws();
            string();
            ws();
            expect(':');
            ws();
            value();
            ws();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect('}');
            return;
        }
    }

    private void array() {
        expect('[');
        ws();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            ws();
            value();
            ws();
            if (peek() == ',') {
                i++;
                continue;
            }
            expect(']');
            return;
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("raw control character");
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (Character.digit(s.charAt(i++), 16) < 0 || s.charAt(i - 1) > 127) {
                            throw new IllegalArgumentException("bad \\u escape");
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
            }
        }
    }

    private void number() {
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else {
            digits();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            digits();
        }
    }

    private void digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw new IllegalArgumentException("digit expected");
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw new IllegalArgumentException("bad literal");
        }
        i += word.length();
    }

    private void ws() {
        while (i < s.length() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private char peek() {
        return s.charAt(i);
    }

    private void expect(char c) {
        if (s.charAt(i++) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
    }
}

package io.github.tinodej.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Go's {@code text/template} that Tinode's message templates use: text, comments
 * {@code {{/* ... *&#47;}}}, fields {@code {{.Code}}} and {@code {{.}}}, {@code {{define "name"}}},
 * {@code {{with .Field}}} and {@code {{if .Field}}} (with {@code {{else}}}), closed by
 * {@code {{end}}}, and the trim markers {@code {{- } and {@code  -}}}. Output is not escaped (as
 * in Go's text/template). Anything else fails to parse with {@link IllegalArgumentException}, so
 * an unsupported template is caught at start-up rather than sent half-rendered.
 *
 * <p>Immutable and thread-safe once parsed.
 */
final class GoTemplate {
    private interface Node {
        void render(StringBuilder out, Object dot);
    }

    private record Text(String text) implements Node {
        public void render(StringBuilder out, Object dot) {
            out.append(text);
        }
    }

    /** {@code .Field} (path non-empty) or {@code .} (path empty). */
    private record Field(String path) implements Node {
        public void render(StringBuilder out, Object dot) {
            Object v = value(path, dot);
            if (v != null) {
                out.append(v);
            }
        }
    }

    /** {@code with} (dot becomes the value) or {@code if}. */
    private record Branch(boolean with, String path, List<Node> then, List<Node> otherwise) implements Node {
        public void render(StringBuilder out, Object dot) {
            Object v = value(path, dot);
            boolean truthy = v != null && !"".equals(v) && !Boolean.FALSE.equals(v);
            for (Node n : truthy ? then : otherwise) {
                n.render(out, truthy && with ? v : dot);
            }
        }
    }

    private final List<Node> main;
    private final Map<String, List<Node>> defined;

    private GoTemplate(List<Node> main, Map<String, List<Node>> defined) {
        this.main = main;
        this.defined = defined;
    }

    /** Parses a template; {@code IllegalArgumentException} names what is not supported. */
    static GoTemplate parse(String src) {
        Parser p = new Parser(src);
        Map<String, List<Node>> defined = new HashMap<>();
        List<Node> main = p.nodes(defined, true);
        return new GoTemplate(main, defined);
    }

    /** True if {@code {{define "name"}}} exists. */
    boolean has(String name) {
        return defined.containsKey(name);
    }

    /** Renders a defined part, or "" if there is none (as Tinode treats a missing part). */
    String render(String name, Map<String, ?> data) {
        List<Node> nodes = name.isEmpty() ? main : defined.get(name);
        StringBuilder out = new StringBuilder();
        if (nodes != null) {
            for (Node n : nodes) {
                n.render(out, data);
            }
        }
        return out.toString();
    }

    private static Object value(String path, Object dot) {
        if (path.isEmpty()) {
            return dot;
        }
        return dot instanceof Map<?, ?> m ? m.get(path) : null;
    }

    /** Splits into text and actions, applying trim markers, and builds the tree. */
    private static final class Parser {
        private final String src;
        private int pos;
        private boolean trimNext;

        Parser(String src) {
            this.src = src;
        }

        /**
         * Nodes up to {@code {{end}}}/{@code {{else}}} (returned via {@link #stop}) or the end.
         *
         * @param top whether this is the top level, where {@code define} is allowed and the end of input is
         */
        List<Node> nodes(Map<String, List<Node>> defined, boolean top) {
            List<Node> out = new ArrayList<>();
            while (true) {
                int open = src.indexOf("{{", pos);
                String text = src.substring(pos, open < 0 ? src.length() : open);
                boolean trimBefore = open >= 0 && src.startsWith("{{- ", open);
                if (trimNext) {
                    text = text.stripLeading();
                }
                if (trimBefore) {
                    text = text.stripTrailing();
                }
                trimNext = false;
                if (!text.isEmpty()) {
                    out.add(new Text(text));
                }
                if (open < 0) {
                    if (!top) {
                        throw new IllegalArgumentException("template: missing {{end}}");
                    }
                    pos = src.length();
                    return out;
                }
                int start = open + (trimBefore ? 4 : 2);
                // A comment may contain braces: its action ends at the "}}" after "*/".
                int from = src.startsWith("/*", start) ? Math.max(start, src.indexOf("*/", start)) : start;
                int close = from < 0 ? -1 : src.indexOf("}}", from);
                if (close < 0) {
                    throw new IllegalArgumentException("template: unclosed action at " + open);
                }
                String action = src.substring(start, close);
                if (action.endsWith(" -")) {
                    action = action.substring(0, action.length() - 2);
                    trimNext = true;
                }
                pos = close + 2;
                action = action.strip();
                if (action.startsWith("/*") && action.endsWith("*/")) {
                    continue;
                }
                String[] words = action.split("\\s+");
                switch (words[0]) {
                    case "end", "else" -> {
                        if (top) {
                            throw new IllegalArgumentException("template: unexpected {{" + action + "}}");
                        }
                        stop = words[0];
                        return out;
                    }
                    case "define" -> {
                        if (!top || words.length != 2 || !words[1].matches("\"[^\"]+\"")) {
                            throw new IllegalArgumentException("template: bad {{" + action + "}}");
                        }
                        List<Node> body = nodes(defined, false);
                        if (!"end".equals(stop)) {
                            throw new IllegalArgumentException("template: {{else}} in define");
                        }
                        defined.put(words[1].substring(1, words[1].length() - 1), body);
                    }
                    case "with", "if" -> {
                        if (words.length != 2) {
                            throw new IllegalArgumentException("template: unsupported {{" + action + "}}");
                        }
                        String path = field(words[1], action);
                        List<Node> then = nodes(defined, false);
                        List<Node> otherwise = List.of();
                        if ("else".equals(stop)) {
                            otherwise = nodes(defined, false);
                            if (!"end".equals(stop)) {
                                throw new IllegalArgumentException("template: two {{else}}");
                            }
                        }
                        out.add(new Branch(words[0].equals("with"), path, then, otherwise));
                    }
                    default -> {
                        if (words.length != 1) {
                            throw new IllegalArgumentException("template: unsupported {{" + action + "}}");
                        }
                        out.add(new Field(field(words[0], action)));
                    }
                }
            }
        }

        private String stop;

        private static String field(String word, String action) {
            if (word.equals(".")) {
                return "";
            }
            if (!word.matches("\\.[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("template: unsupported {{" + action + "}}");
            }
            return word.substring(1);
        }
    }
}

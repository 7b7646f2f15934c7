package io.github.tinodej.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One message template per configured language, loaded as Tinode does: the file path is itself a
 * template over {@code .Language} ({@code ./templ/email-validation-{{.Language}}.templ}), relative
 * paths resolve against the working directory. Without a path, tinodej's English default from the
 * class path. Language choice: the client's exact tag, else the same primary language, else the
 * first configured language (Tinode uses Go's language matcher; this is the common case of it).
 */
final class MessageTemplates {
    private final Map<String, GoTemplate> byLang;

    private MessageTemplates(Map<String, GoTemplate> byLang) {
        this.byLang = byLang;
    }

    /**
     * @param pathTemplate the configured path, or null/empty for {@code defaultResource}
     * @param languages configured languages, possibly empty
     * @param defaultResource class-path resource next to this class
     * @param parts parts that must exist: one of them at least, after {@code subject} if listed
     */
    static MessageTemplates load(String pathTemplate, List<String> languages, String defaultResource,
            List<String> parts) {
        Map<String, GoTemplate> m = new LinkedHashMap<>();
        if (pathTemplate == null || pathTemplate.isEmpty()) {
            m.put("", check(GoTemplate.parse(resource(defaultResource)), parts, defaultResource));
            return new MessageTemplates(m);
        }
        GoTemplate path = GoTemplate.parse(pathTemplate);
        for (String lang : languages.isEmpty() ? List.of("") : languages) {
            String file = path.render("", Map.of("Language", lang));
            String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read template " + file + ": " + e.getMessage(), e);
            }
            m.put(norm(lang), check(GoTemplate.parse(text), parts, file));
        }
        return new MessageTemplates(m);
    }

    private static GoTemplate check(GoTemplate t, List<String> parts, String where) {
        if (parts.isEmpty()) {
            return t;
        }
        if (parts.contains("subject") && !t.has("subject")) {
            throw new IllegalArgumentException("template " + where + ": 'subject' not found");
        }
        if (!t.has("body_plain") && !t.has("body_html")) {
            throw new IllegalArgumentException("template " + where + ": neither 'body_plain' nor 'body_html' found");
        }
        return t;
    }

    private static String resource(String name) {
        try (InputStream in = MessageTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String norm(String lang) {
        return lang == null ? "" : lang.replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /** The template for a client's language. */
    GoTemplate forLanguage(String lang) {
        String l = norm(lang);
        GoTemplate t = byLang.get(l);
        if (t != null) {
            return t;
        }
        int dash = l.indexOf('-');
        String primary = dash < 0 ? l : l.substring(0, dash);
        for (Map.Entry<String, GoTemplate> e : byLang.entrySet()) {
            String k = e.getKey();
            if (!primary.isEmpty() && (k.equals(primary) || k.startsWith(primary + "-"))) {
                return e.getValue();
            }
        }
        return byLang.values().iterator().next();
    }
}

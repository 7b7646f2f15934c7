package io.github.tinodej.internal.topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tinode's search query language ({@code parseSearchQuery}): terms separated by spaces must all
 * match; terms next to a comma form one group of which at least one must match; double quotes
 * group text. Terms are lower-cased.
 *
 * @param allOf terms that must all match
 * @param anyOf terms of which one must match (empty: no such condition)
 */
record SearchQuery(List<String> allOf, List<String> anyOf) {

    /** Parses a query; null if malformed (Tinode then returns no results). */
    static SearchQuery parse(String query) {
        List<String> and = new ArrayList<>();
        List<String> or = new ArrayList<>();
        String q = query.trim().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return null;
        }
        // Tokens with the separator that preceded them.
        List<String> tokens = new ArrayList<>();
        List<Character> seps = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        char pendingSep = ' ';
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '"') {
                if (!quoted && cur.length() > 0) {
                    return null;
                }
                if (quoted && i + 1 < q.length() && q.charAt(i + 1) != ' ' && q.charAt(i + 1) != ',') {
                    return null;
                }
                quoted = !quoted;
                continue;
            }
            if (!quoted && (c == ' ' || c == ',')) {
                if (cur.length() > 0) {
                    tokens.add(cur.toString());
                    seps.add(pendingSep);
                    cur.setLength(0);
                    pendingSep = c;
                } else if (c == ',') {
                    pendingSep = ',';
                }
                continue;
            }
            cur.append(c);
        }
        if (quoted) {
            return null;
        }
        if (cur.length() > 0) {
            tokens.add(cur.toString());
            seps.add(pendingSep);
        }
        for (int i = 0; i < tokens.size(); i++) {
            boolean commaBefore = seps.get(i) == ',';
            boolean commaAfter = i + 1 < tokens.size() && seps.get(i + 1) == ',';
            String tok = tokens.get(i).replace(' ', '_');
            if (commaBefore || commaAfter) {
                or.add(tok);
            } else {
                and.add(tok);
            }
        }
        if (and.isEmpty() && or.isEmpty()) {
            return null;
        }
        return new SearchQuery(and, or);
    }
}

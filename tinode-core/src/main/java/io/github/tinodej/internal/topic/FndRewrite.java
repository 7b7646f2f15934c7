package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.cred.Validators;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tinode's search-term rewrite ({@code rewriteTag}): an unprefixed term that a validator with
 * {@code add_to_tags} accepts also matches that validator's tag, so {@code alice@example.com}
 * finds the user who validated it ({@code email:alice@example.com}). Tinode passes each AND term
 * to the store as a set of alternatives; the store here takes plain terms, so each combination of
 * alternatives is one search and the results are merged (a handful of searches at most: only
 * terms that look like an address have two alternatives, and only the first three are expanded).
 */
final class FndRewrite {
    private static final int MAX_EXPANDED = 3;

    private FndRewrite() {
    }

    /** The country for phone numbers: the region of the client's language, else the configured default. */
    static String countryCode(String lang, String fallback) {
        if (lang == null || lang.isEmpty()) {
            return fallback;
        }
        String c = Locale.forLanguageTag(lang.replace('_', '-')).getCountry();
        return c.length() == 2 ? c : fallback;
    }

    static List<TagMatch> find(Store store, Validators validators, SearchQuery q, String countryCode,
            boolean includeInactive, int limit) {
        List<String> fixed = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        for (String term : q.allOf()) {
            String tag = pairs.size() < MAX_EXPANDED ? alternative(validators, term, countryCode) : null;
            if (tag == null) {
                fixed.add(term);
            } else {
                pairs.add(new String[] {term, tag});
            }
        }
        Set<String> anyOf = new LinkedHashSet<>();
        for (String term : q.anyOf()) {
            anyOf.add(term);
            String tag = alternative(validators, term, countryCode);
            if (tag != null) {
                anyOf.add(tag);
            }
        }
        List<String> any = List.copyOf(anyOf);
        if (pairs.isEmpty()) {
            return store.findByTags(q.allOf(), any, includeInactive, limit);
        }
        Map<String, Set<String>> merged = new LinkedHashMap<>();
        for (int mask = 0; mask < 1 << pairs.size(); mask++) {
            List<String> all = new ArrayList<>(fixed);
            for (int i = 0; i < pairs.size(); i++) {
                all.add(pairs.get(i)[(mask >> i) & 1]);
            }
            for (TagMatch m : store.findByTags(all, any, includeInactive, limit)) {
                merged.computeIfAbsent(m.name(), k -> new LinkedHashSet<>()).addAll(m.matched());
            }
        }
        List<TagMatch> out = new ArrayList<>();
        merged.forEach((name, tags) -> out.add(new TagMatch(name, List.copyOf(tags))));
        // Most matched tags first, as the store sorts a single search.
        out.sort((a, b) -> Integer.compare(b.matched().size(), a.matched().size()));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static String alternative(Validators validators, String term, String countryCode) {
        if (Tags.prefix(term) != null) {
            return null;
        }
        return validators.rewrite(term, countryCode);
    }
}

package io.github.tinodej.model;

import java.util.List;

/**
 * A search result: a user ({@code usr...}) or group topic ({@code grp...}) and the query tags it
 * matched.
 *
 * @param name {@code usrXXX} or the group's internal name
 * @param matched the tags that matched, never empty
 */
public record TagMatch(String name, List<String> matched) {
    public TagMatch {
        matched = List.copyOf(matched);
    }
}

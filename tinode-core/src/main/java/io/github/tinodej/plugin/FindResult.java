package io.github.tinodej.plugin;

import java.util.List;
import java.util.Objects;

/**
 * A plugin's answer to a search in {@code fnd} (Tinode's {@code SearchFound}): search as usual, find
 * nothing, search for another query, or these results.
 */
public final class FindResult {
    /** What the server does with the search. */
    public enum Verdict {
        /** The server searches by tags as usual; later plugins are asked too. */
        CONTINUE,
        /** No results (the client gets 204). */
        DROP,
        /** The server searches for {@link #query()} instead. */
        REPLACE,
        /** {@link #results()} are the answer. */
        RESPOND
    }

    private static final FindResult CONTINUE = new FindResult(Verdict.CONTINUE, null, List.of());
    private static final FindResult DROP = new FindResult(Verdict.DROP, null, List.of());

    private final Verdict verdict;
    private final String query;
    private final List<String> results;

    private FindResult(Verdict verdict, String query, List<String> results) {
        this.verdict = verdict;
        this.query = query;
        this.results = results;
    }

    /** Search as if there were no plugin. */
    public static FindResult pass() {
        return CONTINUE;
    }

    /** Nothing found. */
    public static FindResult drop() {
        return DROP;
    }

    /** Search for {@code query} (Tinode's search syntax) instead. */
    public static FindResult replace(String query) {
        return new FindResult(Verdict.REPLACE, Objects.requireNonNull(query, "query"), List.of());
    }

    /**
     * These users ({@code usr...}) and groups ({@code grp...}) are the results, in this order; the
     * server describes each from the store as it describes search results (unknown or, for
     * ordinary users, suspended ones are left out).
     */
    public static FindResult respond(List<String> names) {
        return new FindResult(Verdict.RESPOND, null, List.copyOf(names));
    }

    /** The verdict. */
    public Verdict verdict() {
        return verdict;
    }

    /** The replacement query for REPLACE; null otherwise. */
    public String query() {
        return query;
    }

    /** The results for RESPOND; empty otherwise. */
    public List<String> results() {
        return results;
    }
}

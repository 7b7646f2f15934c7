package io.github.tinodej.internal.limits;

import io.github.bucket4j.Bucket;
import io.github.tinodej.server.RateLimits;

/**
 * One session's allowances: requests by kind, and the strikes it may collect by going over them
 * before it counts as a flood. Touched only from the session's actor.
 */
public final class SessionLimits {
    /** What a request spends. */
    public enum Kind { PUBLISH, NOTE, QUERY, SEARCH }

    /** The verdict on one request. */
    public enum Verdict { OK, REJECT, FLOOD }

    private final Bucket publish;
    private final Bucket notes;
    private final Bucket queries;
    private final Bucket search;
    private final Bucket strikes;

    public SessionLimits(Throttle t) {
        RateLimits l = t.limits();
        publish = t.bucket(l.publish());
        notes = t.bucket(l.notes());
        queries = t.bucket(l.queries());
        search = t.bucket(l.search());
        strikes = t.bucket(l.strikes());
    }

    /** Spends one request of a kind; over the limit it is a strike, and out of strikes a flood. */
    public Verdict spend(Kind kind) {
        Bucket b = switch (kind) {
            case PUBLISH -> publish;
            case NOTE -> notes;
            case QUERY -> queries;
            case SEARCH -> search;
        };
        if (b == null || b.tryConsume(1)) {
            return Verdict.OK;
        }
        return strikes == null || strikes.tryConsume(1) ? Verdict.REJECT : Verdict.FLOOD;
    }
}

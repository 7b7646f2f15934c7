package io.github.tinodej.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The rate limits and caps a server enforces against abusive clients. Tinode has none of these;
 * the defaults are what a public deployment would ship: generous for people and the official
 * apps, tight for scripts. A request over a limit gets {@code {ctrl 429 "too many requests"}}
 * (notes are dropped silently, as Tinode drops bad notes) and the session stays open; a session
 * that keeps hitting limits (its {@link #strikes} run out) is closed with WebSocket code 1008 and a
 * reason. Immutable.
 *
 * @param publish {@code {pub}} per session
 * @param notes {@code {note}} per session
 * @param queries {@code {get}}, {@code {set}}, {@code {sub}}, {@code {leave}}, {@code {del}} per session
 * @param search {@code fnd} queries ({@code {get topic:"fnd" what:"sub"}}) per session
 * @param loginFailuresPerAccount failed logins for one login name from one client address
 * @param loginFailuresPerAddress failed logins from one client address, whatever the login name
 * @param accountsPerAddress accounts created from one client address
 * @param uploadBytes bytes uploaded per user (or per client address before login)
 * @param strikes rejected requests a session may make before it is closed as a flood
 * @param connectionsPerAddress concurrent sessions from one client address, 0 for no cap
 * @param sessionsPerUser concurrent logged-in sessions of one user, whatever their addresses, 0 for
 *     no cap; a login over it gets 429 and the session stays open, not logged in
 * @param helloTimeout a connection that has not said {@code {hi}} within this is closed; zero for none
 * @param floodPenalty after a session is closed as a flood, new connections from its address are
 *     refused (HTTP 429) for this long, so a flooder cannot simply reconnect; zero for none
 * @param exemptLoopback whether the limits keyed on the client address skip loopback clients
 *     (load tests on one machine); sessions with no address (in-process) are never keyed
 */
public record RateLimits(Rate publish, Rate notes, Rate queries, Rate search, Rate loginFailuresPerAccount,
        Rate loginFailuresPerAddress, Rate accountsPerAddress, Rate uploadBytes, Rate strikes,
        int connectionsPerAddress, int sessionsPerUser, Duration helloTimeout, Duration floodPenalty, boolean exemptLoopback) {

    /**
     * At most {@code capacity} in a burst, refilled at {@code capacity} per {@code period}.
     *
     * @param capacity burst size and amount per period; 0 for unlimited
     * @param period refill period
     */
    public record Rate(long capacity, Duration period) {
        /** No limit. */
        public static final Rate UNLIMITED = new Rate(0, Duration.ofSeconds(1));

        public Rate {
            if (capacity < 0) {
                throw new IllegalArgumentException("rate capacity must not be negative: " + capacity);
            }
            Objects.requireNonNull(period, "rate period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("rate period must be positive: " + period);
            }
        }

        /** {@code n} per {@code period}. */
        public static Rate of(long n, Duration period) {
            return new Rate(n, period);
        }

        public boolean unlimited() {
            return capacity == 0;
        }
    }

    /** What a public deployment would ship. */
    public static final RateLimits DEFAULTS = new RateLimits(
            Rate.of(50, Duration.ofSeconds(10)),
            Rate.of(100, Duration.ofSeconds(10)),
            Rate.of(200, Duration.ofSeconds(10)),
            Rate.of(20, Duration.ofMinutes(1)),
            Rate.of(10, Duration.ofMinutes(15)),
            Rate.of(50, Duration.ofMinutes(15)),
            Rate.of(20, Duration.ofHours(1)),
            Rate.of(200L << 20, Duration.ofHours(1)),
            Rate.of(200, Duration.ofSeconds(10)),
            100, 100, Duration.ofSeconds(15), Duration.ofSeconds(10), false);

    /** Nothing limited: for benchmarks and tests that must not be throttled. */
    public static final RateLimits NONE = new RateLimits(Rate.UNLIMITED, Rate.UNLIMITED, Rate.UNLIMITED,
            Rate.UNLIMITED, Rate.UNLIMITED, Rate.UNLIMITED, Rate.UNLIMITED, Rate.UNLIMITED, Rate.UNLIMITED, 0, 0,
            Duration.ZERO, Duration.ZERO, true);

    public RateLimits {
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(loginFailuresPerAccount, "loginFailuresPerAccount");
        Objects.requireNonNull(loginFailuresPerAddress, "loginFailuresPerAddress");
        Objects.requireNonNull(accountsPerAddress, "accountsPerAddress");
        Objects.requireNonNull(uploadBytes, "uploadBytes");
        Objects.requireNonNull(strikes, "strikes");
        if (connectionsPerAddress < 0) {
            throw new IllegalArgumentException("connectionsPerAddress must not be negative: " + connectionsPerAddress);
        }
        if (sessionsPerUser < 0) {
            throw new IllegalArgumentException("sessionsPerUser must not be negative: " + sessionsPerUser);
        }
        if (helloTimeout == null || helloTimeout.isNegative()) {
            throw new IllegalArgumentException("helloTimeout must not be negative: " + helloTimeout);
        }
        if (floodPenalty == null || floodPenalty.isNegative()) {
            throw new IllegalArgumentException("floodPenalty must not be negative: " + floodPenalty);
        }
    }

    public RateLimits withPublish(Rate r) {
        return new RateLimits(r, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withNotes(Rate r) {
        return new RateLimits(publish, r, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withQueries(Rate r) {
        return new RateLimits(publish, notes, r, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withSearch(Rate r) {
        return new RateLimits(publish, notes, queries, r, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withLoginFailuresPerAccount(Rate r) {
        return new RateLimits(publish, notes, queries, search, r, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withLoginFailuresPerAddress(Rate r) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, r,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withAccountsPerAddress(Rate r) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                r, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withUploadBytes(Rate r) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, r, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withStrikes(Rate r) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, r, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withConnectionsPerAddress(int n) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, n, sessionsPerUser, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withSessionsPerUser(int n) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, n, helloTimeout, floodPenalty, exemptLoopback);
    }

    public RateLimits withHelloTimeout(Duration d) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, d, floodPenalty, exemptLoopback);
    }

    public RateLimits withFloodPenalty(Duration d) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, d, exemptLoopback);
    }

    public RateLimits withExemptLoopback(boolean v) {
        return new RateLimits(publish, notes, queries, search, loginFailuresPerAccount, loginFailuresPerAddress,
                accountsPerAddress, uploadBytes, strikes, connectionsPerAddress, sessionsPerUser, helloTimeout, floodPenalty, v);
    }
}

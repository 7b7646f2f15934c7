package io.github.tinodej.internal.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.tinodej.server.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide side of {@link RateLimits}: token buckets keyed by client address or login name,
 * and the count of sessions per address. Buckets run on the engine's clock, so tests move time
 * instead of sleeping. Thread-safe; never blocks.
 */
public final class Throttle {
    private final RateLimits limits;
    private final TimeMeter time;
    private final Cache<String, Bucket> loginAccount;
    private final Cache<String, Bucket> loginAddress;
    private final Cache<String, Bucket> accounts;
    private final Cache<String, Bucket> uploads;
    private final ConcurrentHashMap<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    /** Addresses whose session was closed as a flood, until when (engine clock) they stay refused. */
    private final Cache<String, Instant> penalised;

    public Throttle(RateLimits limits, Clock clock) {
        this.limits = limits;
        this.time = new ClockTime(clock);
        this.loginAccount = cache(limits.loginFailuresPerAccount());
        this.loginAddress = cache(limits.loginFailuresPerAddress());
        this.accounts = cache(limits.accountsPerAddress());
        this.uploads = cache(limits.uploadBytes());
        this.penalised = Caffeine.newBuilder().maximumSize(1_000_000)
                .expireAfterWrite(limits.floodPenalty().plusMinutes(1)).build();
        this.clock = clock;
    }

    private final Clock clock;

    /** A session from this address was closed as a flood: new ones are refused for the penalty. */
    public void penalise(String address) {
        if (!limits.floodPenalty().isZero() && keyed(address)) {
            penalised.put(address, clock.instant().plus(limits.floodPenalty()));
        }
    }

    private boolean inPenalty(String address) {
        Instant until = penalised.getIfPresent(address);
        return until != null && clock.instant().isBefore(until);
    }

    public RateLimits limits() {
        return limits;
    }

    /** A bucket for one rate, on the engine's clock; null when the rate is unlimited. */
    public Bucket bucket(RateLimits.Rate r) {
        if (r.unlimited()) {
            return null;
        }
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(r.capacity()).refillGreedy(r.capacity(), r.period()).build())
                .withCustomTimePrecision(time)
                .build();
    }

    /** Whether limits keyed on this address apply: not for in-process sessions, nor loopback when exempt. */
    public boolean keyed(String address) {
        return address != null && !address.isEmpty() && !(limits.exemptLoopback() && Addresses.isLoopback(address));
    }

    /** True while this login name may still fail from this address (checked before the password). */
    public boolean mayTryLogin(String address, String login) {
        if (!keyed(address)) {
            return true;
        }
        return hasToken(loginAddress, address) && (login == null || hasToken(loginAccount, login + "\n" + address));
    }

    /** A login failed: it counts against the name from this address, and against the address. */
    public void loginFailed(String address, String login) {
        if (!keyed(address)) {
            return;
        }
        consume(loginAddress, address, 1);
        if (login != null) {
            consume(loginAccount, login + "\n" + address, 1);
        }
    }

    /** Takes one account creation from the address's allowance; false when it is used up. */
    public boolean mayCreateAccount(String address) {
        return !keyed(address) || consume(accounts, address, 1);
    }

    /**
     * Takes {@code bytes} from the upload allowance of {@code key} (a user id, or the address
     * before login); false when it is used up.
     */
    public boolean mayUpload(String key, String address, long bytes) {
        if (key == null || key.isEmpty() || !keyed(address)) {
            return true;
        }
        return consume(uploads, key, Math.max(1, bytes));
    }

    /**
     * The login name a secret tries, lower-cased as the basic scheme stores it; null for other
     * schemes and malformed secrets (those count against the address only).
     */
    public static String loginName(String scheme, byte[] secret) {
        if (!"basic".equals(scheme)) {
            return null;
        }
        String text = new String(secret, java.nio.charset.StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return colon < 0 ? null : text.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    }

    /** A wrong secret (not an outage or a malformed request): what password guessing produces. */
    public static boolean failedCredential(Throwable e) {
        return e instanceof io.github.tinodej.store.StoreException se
                && (se.kind() == io.github.tinodej.store.StoreException.Kind.AUTH_FAILED
                || se.kind() == io.github.tinodej.store.StoreException.Kind.EXPIRED);
    }

    /** Counts a new session from the address; false (and not counted) when the cap is reached. */
    public boolean sessionOpened(String address) {
        int cap = limits.connectionsPerAddress();
        if (!keyed(address)) {
            return true;
        }
        if (inPenalty(address)) {
            return false;
        }
        if (cap == 0) {
            return true;
        }
        AtomicInteger n = sessions.computeIfAbsent(address, k -> new AtomicInteger());
        if (n.incrementAndGet() > cap) {
            sessionClosed(address);
            return false;
        }
        return true;
    }

    /** True if one more session from the address would still be admitted. */
    public boolean admits(String address) {
        int cap = limits.connectionsPerAddress();
        if (!keyed(address)) {
            return true;
        }
        if (inPenalty(address)) {
            return false;
        }
        if (cap == 0) {
            return true;
        }
        AtomicInteger n = sessions.get(address);
        return n == null || n.get() < cap;
    }

    /** A session counted by {@link #sessionOpened} ended. */
    public void sessionClosed(String address) {
        if (!keyed(address)) {
            return;
        }
        sessions.computeIfPresent(address, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private Cache<String, Bucket> cache(RateLimits.Rate r) {
        // A bucket untouched for a full period (and then some) is full again: it can go.
        Duration idle = r.period().multipliedBy(2).plusMinutes(1);
        return Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(1_000_000).build();
    }

    private boolean hasToken(Cache<String, Bucket> cache, String key) {
        Bucket b = cache.getIfPresent(key);
        return b == null || b.getAvailableTokens() >= 1;
    }

    private boolean consume(Cache<String, Bucket> cache, String key, long n) {
        RateLimits.Rate r = rateOf(cache);
        if (r.unlimited()) {
            return true;
        }
        return cache.get(key, k -> bucket(r)).tryConsume(n);
    }

    private RateLimits.Rate rateOf(Cache<String, Bucket> cache) {
        if (cache == loginAccount) {
            return limits.loginFailuresPerAccount();
        }
        if (cache == loginAddress) {
            return limits.loginFailuresPerAddress();
        }
        if (cache == accounts) {
            return limits.accountsPerAddress();
        }
        return limits.uploadBytes();
    }

    /** Bucket4j's clock, read from the engine's. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}

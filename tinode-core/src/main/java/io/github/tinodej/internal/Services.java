package io.github.tinodej.internal;

import io.github.tinodej.server.Scheduler;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.internal.codec.Codec;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.internal.limits.Throttle;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What sessions and topics work with: the configuration, the codec, the threads, the rate limits,
 * the authenticators and the counters. Handed to them instead of the engine, so they cannot
 * reach its lifecycle or each other through it.
 *
 * @param config the frozen builder settings (store, clock, limits, ...)
 * @param codec the frame parser
 * @param frames builders of server frames
 * @param pools worker and authentication pools and the scheduler
 * @param throttle rate limits and caps
 * @param authenticators schemes by lower-case name, {@code token} included
 * @param stats monitoring counters
 * @param random the server's source of ids
 * @param creds credential validation steps and the validators
 * @param push where topics hand push events
 * @param plugins the FireHose and the event hooks
 */
public record Services(EngineConfig config, Codec codec, Frames frames, Pools pools, Throttle throttle,
        Map<String, Authenticator> authenticators, Stats stats,
        SecureRandom random, io.github.tinodej.internal.cred.CredOps creds,
        io.github.tinodej.internal.push.PushEvents push, io.github.tinodej.internal.plugin.Plugins plugins) {

    public Store store() {
        return config.store();
    }

    public Clock clock() {
        return config.clock();
    }

    /** Current time, truncated to milliseconds as everything on the wire is. */
    public Instant now() {
        return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The pool that runs sessions and topics. */
    public Executor pool() {
        return pools.workers();
    }

    /** The pool for authenticators and password hashing. */
    public Executor authPool() {
        return pools.auth();
    }

    /** See {@link Pools#schedule}. */
    public Scheduler.Cancellable schedule(Runnable task, Duration delay) {
        return pools.schedule(task, delay);
    }

    public boolean isStopping() {
        return pools.isStopping();
    }

    /** The authenticator for a scheme (lower case), or null. */
    public Authenticator authenticator(String scheme) {
        return authenticators.get(scheme);
    }

    /**
     * Tag namespaces clients may not touch: those the authenticators own, and those of the
     * validators with {@code add_to_tags} (restricted even when the validator is off, as in
     * Tinode). Asked of the schemes
     * each time, since an external one learns them lazily (and caches them); a scheme that cannot
     * tell throws, so a tag change is refused rather than let through.
     */
    public List<String> restrictedTagNamespaces() {
        List<String> out = new java.util.ArrayList<>();
        java.util.Set<Authenticator> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Authenticator a : authenticators.values()) {
            if (seen.add(a)) {
                for (String ns : a.restrictedTagNamespaces()) {
                    if (!out.contains(ns)) {
                        out.add(ns);
                    }
                }
            }
        }
        for (String ns : creds.validators().restrictedNamespaces()) {
            if (!out.contains(ns)) {
                out.add(ns);
            }
        }
        return out;
    }

    /** A fresh random id, never zero. */
    public long randomId() {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0);
        return v;
    }

    /** A random 11-character name (sessions, topics). */
    public String randomName() {
        return Uid.encode(randomId());
    }

    /** A request that arrived at {@code received} got its ctrl reply now. */
    public void requestAnswered(Instant received) {
        stats.requestAnswered(Duration.between(received, now()).toMillis());
    }
}

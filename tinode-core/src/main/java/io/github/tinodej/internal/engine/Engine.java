package io.github.tinodej.internal.engine;

import io.github.tinodej.transport.ServerStats;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.internal.cred.CredOps;
import io.github.tinodej.internal.cred.ResetCodes;
import io.github.tinodej.internal.cred.Validators;
import io.github.tinodej.validate.ValidatorEnvironment;
import io.github.tinodej.internal.EngineConfig;
import io.github.tinodej.internal.Pools;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.Stats;
import io.github.tinodej.internal.plugin.Plugins;
import io.github.tinodej.internal.push.PushEvents;
import io.github.tinodej.internal.codec.Codec;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.internal.limits.Throttle;
import io.github.tinodej.internal.session.Session;
import io.github.tinodej.internal.session.SessionRegistry;
import io.github.tinodej.internal.topic.Hub;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.transport.TransportContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The running server behind {@code TinodeServer}: it wires the parts (pools, the session
 * registry, the hub of topics, the counters, the transport gate) and runs their lifecycle. One
 * instance per server; nothing here is static. Sessions and topics get {@link Services}, never
 * the engine.
 */
public final class Engine {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final EngineConfig cfg;
    private final Pools pools;
    private final Services services;
    private final SessionRegistry registry;
    private final Hub hub;
    private final TransportContext transportGate;
    /** The other nodes, or null for a single node. */
    private final io.github.tinodej.cluster.Cluster cluster;
    private final io.github.tinodej.internal.topic.ClusterRouter router;

    public Engine(EngineConfig cfg) {
        this(cfg, null);
    }

    /** An engine that is one node of {@code cluster} (null: a single node). */
    public Engine(EngineConfig cfg, io.github.tinodej.cluster.Cluster cluster) {
        this.cfg = cfg;
        Map<String, Authenticator> a = new HashMap<>(cfg.authenticators());
        a.put(cfg.tokens().scheme(), cfg.tokens());
        Validators validators = new Validators(cfg.cred().validators());
        // Tinode's 'code' scheme for password reset; a host's own scheme of that name wins.
        a.putIfAbsent(ResetCodes.SCHEME, new ResetCodes(cfg.cred().codeLength(), cfg.cred().codeLifetime(),
                cfg.cred().codeRetries()));
        Throttle throttle = new Throttle(cfg.rateLimits(), cfg.clock());
        Codec codec = new Codec();
        this.pools = new Pools(cfg);
        this.services = new Services(cfg, codec, new Frames(codec), pools, throttle, Map.copyOf(a),
                new Stats(), new SecureRandom(), new CredOps(validators, cfg.store()),
                new PushEvents(cfg.push(), cfg.store(), task -> pools.push().execute(task)),
                new Plugins(cfg.plugins(), task -> pools.plugins().execute(task)));
        this.registry = new SessionRegistry(throttle, cfg.rateLimits().sessionsPerUser());
        this.hub = new Hub(services);
        this.transportGate = new TransportGate(services, hub, registry, this::stats);
        this.cluster = cluster;
        this.router = cluster == null ? null
                : new io.github.tinodej.internal.topic.ClusterRouter(cluster, services, hub, registry::bySid,
                        uid -> registry.evict(uid, services.now()));
    }

    /** Opens the store, initialises authenticators and starts the pools. */
    public void start() {
        pools.start();
        cfg.store().open();
        ensureSysTopic();
        if (cfg.media() != null) {
            // Tinode collects uploads nothing references after an hour, checking every minute.
            collectMediaEveryMinute();
        }
        AuthEnvironment env = new AuthEnvironment(cfg.store(), cfg.clock(),
                new io.github.tinodej.internal.session.AuthAccounts(services));
        // A scheme registered under several names (Tinode's logical names) starts once.
        java.util.Set<Authenticator> started = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Authenticator a : services.authenticators().values()) {
            if (started.add(a)) {
                a.init(env);
            }
        }
        services.creds().validators().init(new ValidatorEnvironment(cfg.store(), cfg.clock(), pools.workers()));
        if (cfg.cred().gc() != null) {
            new AccountGc(services, cfg.cred().gc()).start();
        }
        if (cluster != null) {
            cluster.start(router);
        }
    }

    /**
     * Tells every session the server is going away and closes it, waiting at most {@code grace} for
     * the notices to reach the transports (which close their connections right after).
     */
    public void announceShutdown(Duration grace) {
        pools.stopping();
        // Requests already received finish before the notice, so every message that was stored
        // is also acknowledged: sessions take no new frames (503 "locked", as Go answers a
        // terminating session), hand on what they decoded, and topics store what reached them.
        // Without this, a client lost the ack of a message committed during shutdown and sent it
        // again after reconnecting (reliability.md FT-10).
        long deadline = System.nanoTime() + grace.toNanos();
        List<CompletableFuture<Void>> decoded = new ArrayList<>();
        for (Session s : registry.all()) {
            decoded.add(s.quiesce());
        }
        await(decoded, deadline - grace.toNanos() / 2, "sessions did not hand on their last requests in time");
        await(hub.quiesce(), deadline - grace.toNanos() / 4, "topics did not finish their last requests in time");
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Session s : registry.all()) {
            done.add(s.shutdown());
        }
        await(done, System.nanoTime() + grace.toNanos(), "not every session flushed its shutdown notice in time");
    }

    private static void await(List<CompletableFuture<Void>> all, long deadline, String late) {
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0]))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, late);
        }
    }

    /** Stops pools, and closes the store when the server created it. */
    public void stop(Duration grace) {
        if (cluster != null) {
            try {
                cluster.stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cluster failed to stop", e);
            }
        }
        pools.stop(grace);
        // A store or push provider the host passed in is the host's to close (or to hand to
        // TinodeServer.Builder.closeOnStop); only the default in-memory store is the server's.
        if (cfg.closeStore()) {
            try {
                cfg.store().close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "store failed to close", e);
            }
        }
    }

    public EngineConfig config() {
        return cfg;
    }

    /** What transports call. */
    public TransportContext transportContext() {
        return transportGate;
    }

    /** The monitoring counters now. */
    public ServerStats stats() {
        return services.stats().snapshot(registry.size(), hub.liveTopics(), hub.totalTopics(), services.push().stats());
    }

    private void collectMediaEveryMinute() {
        pools.schedule(() -> pools.workers().execute(() -> {
            try {
                collectMedia();
            } finally {
                collectMediaEveryMinute();
            }
        }), Duration.ofMinutes(1));
    }

    private void collectMedia() {
        try {
            // The store knows what messages, topics and users still reference (Tinode's filemsglinks).
            int n = cfg.media().collectGarbage(cfg.clock().instant().minus(Duration.ofHours(1)),
                    cfg.store()::referencedFiles);
            if (n > 0) {
                LOG.log(System.Logger.Level.INFO, "removed {0} unreferenced uploads", n);
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "upload garbage collection failed", e);
        }
    }

    /** The {@code sys} topic must exist: anyone may publish reports to it (Tinode's DB initialiser creates it). */
    private void ensureSysTopic() {
        if (cfg.store().getTopic("sys").isEmpty()) {
            Instant now = services.now();
            try {
                cfg.store().createTopic(new TopicRecord("sys", now, now, now, ObjectState.OK, null, false, Uid.ZERO,
                        new DefaultAccess(AccessMode.NONE, AccessMode.NONE), 0, 0, null, null, List.of(), null));
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.DUPLICATE) {
                    throw e;
                }
            }
        }
    }
}

package io.github.tinodej.internal;

import io.github.tinodej.ServerStats;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.internal.codec.Codec;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.internal.exec.LowPriorityThreads;
import io.github.tinodej.internal.session.Session;
import io.github.tinodej.internal.topic.Hub;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.Store;
import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.TransportContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running server behind {@code TinodeServer}: pools, sessions, the hub of topics, and the
 * transport context. One instance per server; nothing here is static.
 */
public final class Engine {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    private final EngineConfig cfg;
    private final Codec codec = new Codec();
    private final Frames frames = new Frames(codec);
    private final Map<String, Authenticator> authenticators;
    private final java.util.List<String> restrictedNamespaces;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Uid, Set<Session>> userSessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    // Monitoring counters (ServerStats); LongAdder keeps the hot paths free of contention.
    private final LongAdder totalSessions = new LongAdder();
    private final EnumMap<SessionKind, LongAdder> incoming = adders();
    private final EnumMap<SessionKind, LongAdder> outgoing = adders();
    private final StatsHistogram requestLatency = new StatsHistogram(StatsHistogram.REQUEST_LATENCY_MS);
    private final Hub hub;
    private final io.github.tinodej.internal.limits.Throttle throttle;
    private final TransportContext transportContext;
    private ExecutorService ownPool;
    private ExecutorService ownAuthPool;
    private Executor pool;
    private Executor authPool;
    private ScheduledExecutorService ownTimer;
    private io.github.tinodej.Scheduler scheduler;
    private volatile boolean stopping;

    public Engine(EngineConfig cfg) {
        this.cfg = cfg;
        Map<String, Authenticator> a = new HashMap<>(cfg.authenticators());
        a.put(cfg.tokens().scheme(), cfg.tokens());
        this.authenticators = Map.copyOf(a);
        java.util.List<String> ns = new java.util.ArrayList<>();
        for (Authenticator x : authenticators.values()) {
            ns.addAll(x.restrictedTagNamespaces());
        }
        this.restrictedNamespaces = java.util.List.copyOf(ns);
        this.hub = new Hub(this);
        this.throttle = new io.github.tinodej.internal.limits.Throttle(cfg.rateLimits(), cfg.clock());
        this.transportContext = new Context();
    }

    /** Opens the store, initialises authenticators and starts the pools. */
    public void start() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cfg.executor() == null) {
            // Workers block on the store: group commit batches at most as many messages as there are
            // workers waiting, so a few dozen threads (cheap) beat one per core (S2 +28 % on H2).
            int n = Math.max(32, cores * 8);
            ThreadPoolExecutor p = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemon("tinode-worker"));
            p.allowCoreThreadTimeOut(true);
            ownPool = p;
            pool = p;
        } else {
            pool = cfg.executor();
        }
        if (cfg.authExecutor() == null) {
            // Bounded: a login storm queues at most this many hashes; beyond that clients get 503.
            // Half the cores at most, and at a lower OS priority: a storm of password checks must
            // leave CPU for messaging.
            int hashers = Math.max(1, cores / 2);
            ThreadFactory threads = cfg.authThreadNice() > 0
                    ? new LowPriorityThreads("tinode-auth", cfg.authThreadNice()) : daemon("tinode-auth");
            ThreadPoolExecutor p = new ThreadPoolExecutor(hashers, hashers, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(4096), threads);
            p.allowCoreThreadTimeOut(true);
            ownAuthPool = p;
            authPool = p;
        } else {
            authPool = cfg.authExecutor();
        }
        if (cfg.scheduler() == null) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("tinode-timer"));
            t.setRemoveOnCancelPolicy(true);
            ownTimer = t;
            scheduler = io.github.tinodej.Scheduler.of(t);
        } else {
            scheduler = cfg.scheduler();
        }
        cfg.store().open();
        ensureSysTopic();
        if (cfg.media() != null) {
            // Tinode collects uploads nothing references after an hour, checking every minute.
            collectMediaEveryMinute();
        }
        AuthEnvironment env = new AuthEnvironment(cfg.store(), cfg.clock());
        for (Authenticator a : authenticators.values()) {
            a.init(env);
        }
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
            Instant now = now();
            io.github.tinodej.model.AccessMode none = io.github.tinodej.model.AccessMode.NONE;
            try {
                cfg.store().createTopic(new io.github.tinodej.model.TopicRecord("sys", now, now, now,
                        io.github.tinodej.model.ObjectState.OK, null, false, Uid.ZERO,
                        new io.github.tinodej.model.DefaultAccess(none, none), 0, 0, null, null, java.util.List.of(),
                        null));
            } catch (io.github.tinodej.store.StoreException e) {
                if (e.kind() != io.github.tinodej.store.StoreException.Kind.DUPLICATE) {
                    throw e;
                }
            }
        }
    }

    /**
     * Tells every session the server is going away and closes it, waiting at most {@code grace} for
     * the notices to reach the transports (which close their connections right after).
     */
    public void announceShutdown(Duration grace) {
        stopping = true;
        // Requests already received finish before the notice, so every message that was stored
        // is also acknowledged: sessions take no new frames (503 "locked", as Go answers a
        // terminating session), hand on what they decoded, and topics store what reached them.
        // Without this, a client lost the ack of a message committed during shutdown and sent it
        // again after reconnecting (reliability.md FT-10).
        long deadline = System.nanoTime() + grace.toNanos();
        java.util.List<java.util.concurrent.CompletableFuture<Void>> decoded = new java.util.ArrayList<>();
        for (Session s : sessions) {
            decoded.add(s.quiesce());
        }
        await(decoded, deadline - grace.toNanos() / 2, "sessions did not hand on their last requests in time");
        await(hub.quiesce(), deadline - grace.toNanos() / 4, "topics did not finish their last requests in time");
        java.util.List<java.util.concurrent.CompletableFuture<Void>> done = new java.util.ArrayList<>();
        for (Session s : sessions) {
            done.add(s.shutdown());
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(done.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "not every session flushed its shutdown notice in time");
        }
    }

    private static void await(java.util.List<java.util.concurrent.CompletableFuture<Void>> all, long deadline,
            String late) {
        try {
            java.util.concurrent.CompletableFuture.allOf(all.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, late);
        }
    }

    /** Stops pools, and closes the store when the server created it. */
    public void stop(Duration grace) {
        stopping = true;
        if (ownTimer != null) {
            ownTimer.shutdownNow();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ExecutorService p : new ExecutorService[] {ownPool, ownAuthPool}) {
            if (p == null) {
                continue;
            }
            p.shutdown();
            try {
                if (!p.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.shutdownNow();
                }
            } catch (InterruptedException e) {
                p.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
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

    public TransportContext transportContext() {
        return transportContext;
    }

    public Codec codec() {
        return codec;
    }

    public Frames frames() {
        return frames;
    }

    public Store store() {
        return cfg.store();
    }

    public Hub hub() {
        return hub;
    }

    /** The pool for actors (may block on the store). */
    /** Rate limits keyed by client address or login, and sessions per address. */
    public io.github.tinodej.internal.limits.Throttle throttle() {
        return throttle;
    }

    public Executor pool() {
        return pool;
    }

    /** The pool for authenticators and password hashing. */
    public Executor authPool() {
        return authPool;
    }

    /**
     * Runs {@code task} once after {@code delay} on the server's scheduler; the task must only hop
     * onto an actor's executor. Once the server is stopping, nothing runs (and nothing is
     * scheduled): a host's scheduler outlives the server.
     */
    public io.github.tinodej.Scheduler.Cancellable schedule(Runnable task, Duration delay) {
        if (stopping) {
            return () -> { };
        }
        try {
            return scheduler.schedule(() -> {
                if (stopping) {
                    return;
                }
                try {
                    task.run();
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // The pools shut down between the check and the hop: the server is stopping.
                }
            }, delay);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return () -> { };
        }
    }

    private void collectMediaEveryMinute() {
        schedule(() -> pool.execute(() -> {
            try {
                collectMedia();
            } finally {
                collectMediaEveryMinute();
            }
        }), Duration.ofMinutes(1));
    }

    /** Every registered scheme, token included. */
    public java.util.Collection<Authenticator> authenticators() {
        return authenticators.values();
    }

    /** The authenticator for a scheme (lower case), or null. */
    public Authenticator authenticator(String scheme) {
        return authenticators.get(scheme);
    }

    /** Tag namespaces clients may not touch: those the authenticators own ({@code basic}). */
    public java.util.List<String> restrictedTagNamespaces() {
        return restrictedNamespaces;
    }

    /** Current time, truncated to milliseconds as everything on the wire is. */
    public Instant now() {
        return cfg.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public Clock clock() {
        return cfg.clock();
    }

    /** A fresh random id, never zero. */
    public long randomId() {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0);
        return v;
    }

    /** A random 11-character id for sessions. */
    public String randomName() {
        return Uid.encode(randomId());
    }

    /**
     * Called by a session that is about to be authenticated as {@code uid}: counts it among the
     * user's sessions, unless the user already has {@code RateLimits.sessionsPerUser} of them
     * (checked and counted in one step, so concurrent logins cannot overshoot the cap).
     *
     * @return false when the cap is reached and the session was not counted
     */
    public boolean sessionLoggedIn(Session s, Uid uid) {
        int cap = cfg.rateLimits().sessionsPerUser();
        boolean[] admitted = {true};
        userSessions.compute(uid, (k, set) -> {
            Set<Session> sessionsOfUser = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (cap > 0 && sessionsOfUser.size() >= cap && !sessionsOfUser.contains(s)) {
                admitted[0] = false;
            } else {
                sessionsOfUser.add(s);
            }
            return sessionsOfUser.isEmpty() ? null : sessionsOfUser;
        });
        return admitted[0];
    }

    /** Called by a session when it ends. */
    public void sessionClosed(Session s) {
        if (sessions.remove(s)) {
            throttle.sessionClosed(s.remoteAddress());
        }
        Uid uid = s.uid();
        if (uid.isValid()) {
            userSessions.computeIfPresent(uid, (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** A client message arrived over a transport of this kind (counted for {@link #stats()}). */
    public void countIncoming(SessionKind kind) {
        incoming.get(kind).increment();
    }

    /** A server message was queued to a client of this kind (counted for {@link #stats()}). */
    public void countOutgoing(SessionKind kind) {
        outgoing.get(kind).increment();
    }

    /** A request that arrived at {@code received} got its ctrl reply now. */
    public void requestAnswered(Instant received) {
        long ms = java.time.Duration.between(received, now()).toMillis();
        requestLatency.record(Math.max(0, ms));
    }

    /** The monitoring counters now. */
    public ServerStats stats() {
        return new ServerStats(sessions.size(), totalSessions.sum(), hub.liveTopics(),
                hub.totalTopics(), sums(incoming), sums(outgoing), requestLatency.snapshot());
    }

    private static EnumMap<SessionKind, LongAdder> adders() {
        EnumMap<SessionKind, LongAdder> m = new EnumMap<>(SessionKind.class);
        for (SessionKind k : SessionKind.values()) {
            m.put(k, new LongAdder());
        }
        return m;
    }

    private static Map<SessionKind, Long> sums(EnumMap<SessionKind, LongAdder> m) {
        EnumMap<SessionKind, Long> out = new EnumMap<>(SessionKind.class);
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The user's live sessions (authenticated ones). */
    public Set<Session> sessionsOf(Uid uid) {
        Set<Session> s = userSessions.get(uid);
        return s == null ? Set.of() : s;
    }

    public boolean isStopping() {
        return stopping;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private final class Context implements TransportContext {
        @Override
        public boolean isValidApiKey(String apiKey) {
            return ApiKeys.isValid(apiKey, cfg.apiKeySalt());
        }

        @Override
        public int maxMessageSize() {
            return cfg.limits().maxMessageSize();
        }

        @Override
        public SessionHandle openSession(Connection connection, SessionKind kind) {
            Session s = new Session(Engine.this, connection, kind);
            if (stopping) {
                s.shutdown();
                return s;
            }
            if (!throttle.sessionOpened(connection.remoteAddress())) {
                // Over the cap of sessions per address (the transport's admits() check raced).
                s.refuse(Ctrl.TOO_MANY_REQUESTS, "too many connections from this address, or a recent flood");
                return s;
            }
            sessions.add(s);
            totalSessions.increment();
            s.startHelloDeadline();
            return s;
        }

        @Override
        public boolean admits(String remoteAddress) {
            return throttle.admits(remoteAddress);
        }

        @Override
        public boolean mayUpload(Uid user, String remoteAddress, long bytes) {
            String key = user != null && user.isValid() ? user.userId() : remoteAddress;
            return throttle.mayUpload(key, remoteAddress, bytes);
        }

        @Override
        public Clock clock() {
            return cfg.clock();
        }

        @Override
        public ServerStats stats() {
            return Engine.this.stats();
        }

        @Override
        public io.github.tinodej.media.MediaStore media() {
            return cfg.media();
        }

        @Override
        public long maxUploadSize() {
            return cfg.media() == null ? 0 : cfg.limits().maxFileUploadSize();
        }

        @Override
        public Uid authenticate(String scheme, byte[] secret) {
            return authenticate(scheme, secret, "");
        }

        @Override
        public Uid authenticate(String scheme, byte[] secret, String remoteAddress) {
            String name = scheme.toLowerCase(java.util.Locale.ROOT);
            Authenticator a = authenticators.get(name);
            if (a == null) {
                throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.MALFORMED,
                        "unknown scheme");
            }
            // The same allowance as {login}: without it, HTTP Basic on the file endpoints was an
            // unlimited password oracle (reliability.md AB-01). Tokens are left out: nothing in a
            // signed token can be guessed, and a page full of images fetched with an expired one
            // must not lock its address out of logging in.
            boolean guessable = !io.github.tinodej.auth.TokenAuthenticator.SCHEME.equals(name);
            String login = io.github.tinodej.internal.limits.Throttle.loginName(name, secret);
            if (guessable && !throttle.mayTryLogin(remoteAddress, login)) {
                throw new io.github.tinodej.internal.limits.TooManyRequests();
            }
            io.github.tinodej.auth.AuthResult r;
            try {
                r = a.authenticate(secret, remoteAddress);
            } catch (RuntimeException e) {
                if (guessable && io.github.tinodej.internal.limits.Throttle.failedCredential(e)) {
                    throttle.loginFailed(remoteAddress, login);
                }
                throw e;
            }
            var user = cfg.store().getUser(r.uid()).orElseThrow(() -> new io.github.tinodej.store.StoreException(
                    io.github.tinodej.store.StoreException.Kind.USER_NOT_FOUND, "no such user"));
            if (user.state() != io.github.tinodej.model.ObjectState.OK) {
                throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.DENIED,
                        "account not active");
            }
            return r.uid();
        }

        @Override
        public io.github.tinodej.protocol.Ctrl errorReply(Throwable t) {
            return ErrorMap.toCtrl(t);
        }
    }
}

package io.github.tinodej;

import io.github.tinodej.auth.AnonymousAuthenticator;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.BasicAuthenticator;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.internal.EngineConfig;
import io.github.tinodej.internal.cred.CredConfig;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.internal.engine.Engine;
import io.github.tinodej.internal.engine.Lifecycle;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.server.Limits;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.server.Scheduler;
import io.github.tinodej.transport.ServerStats;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.store.Store;
import io.github.tinodej.transport.Transport;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A Tinode-compatible messaging server running inside this JVM. Build one with {@link #builder()},
 * then {@link #start()} it; {@link #close()} stops it. Several servers may run in one JVM: nothing
 * is static.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(Path.of("data"))).build();
 * try (TinodeServer server = TinodeServer.builder()
 *         .store(store)
 *         .closeOnStop(store)
 *         .transport(UndertowTransport.builder().host("0.0.0.0").port(6060).build())
 *         .build()
 *         .start()) {
 *     System.out.println("listening on " + server.port());
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@code start} and {@code stop} block until done. What the host passes in (a
 * store, a push provider, executors, a scheduler) stays the host's: the server never closes or
 * shuts it down, unless it was handed over with {@link Builder#closeOnStop}.
 */
public final class TinodeServer implements AutoCloseable {
    private final Engine engine;
    private final Lifecycle lifecycle;

    private TinodeServer(Builder b) {
        this.engine = new Engine(b.toConfig(), b.cluster);
        this.lifecycle = new Lifecycle(engine, b.transports, b.closeOnStop);
    }

    /** A builder with Tinode's stock defaults, an in-memory store and no network transport. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the store and starts the transports.
     *
     * @return this server
     * @throws IllegalStateException if already started or stopped, or if a transport fails to start
     *         (the server is then stopped again)
     */
    public TinodeServer start() {
        lifecycle.start();
        return this;
    }

    /**
     * Stops: every session receives {@code {ctrl 205 "server shutdown"}}, transports close, pools
     * shut down and the store closes. Idempotent.
     *
     * @param grace how long to wait for pending work
     */
    public void stop(Duration grace) {
        stop(grace, step -> { });
    }

    /**
     * Like {@link #stop(Duration)}, telling {@code steps} one line per step as it completes (the
     * launcher logs them, so an operator sees where a slow shutdown spends its time).
     */
    public void stop(Duration grace, java.util.function.Consumer<String> steps) {
        lifecycle.stop(Objects.requireNonNull(grace, "grace"), Objects.requireNonNull(steps, "steps"));
    }

    /** Same as {@code stop(Duration.ofSeconds(5))}. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    /** True between a successful {@link #start()} and {@link #stop}. */
    public boolean isRunning() {
        return lifecycle.isRunning();
    }

    /** The port bound by the first transport that has one, or -1. */
    public int port() {
        return lifecycle.port();
    }

    /** The monitoring counters now (live and total sessions and topics, messages in and out). */
    public ServerStats stats() {
        return engine.stats();
    }

    /** The effective limits. */
    public Limits limits() {
        return engine.config().limits();
    }

    /**
     * Builds {@link TinodeServer}s. Each setter validates its argument at once and throws
     * {@link IllegalArgumentException} naming the setting. Not thread-safe.
     */
    public static final class Builder {
        private Store store;
        private final List<Transport> transports = new ArrayList<>();
        private final List<AutoCloseable> closeOnStop = new ArrayList<>();
        private Scheduler scheduler;
        private final Map<String, Authenticator> authenticators = new LinkedHashMap<>();
        private PushProvider push;
        private final java.util.List<io.github.tinodej.plugin.Plugin> plugins = new java.util.ArrayList<>();
        private io.github.tinodej.cluster.Cluster cluster;
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private Executor authExecutor;
        private int authThreadNice = 10;
        private Limits limits = Limits.STOCK;
        private RateLimits rateLimits = RateLimits.DEFAULTS;
        private byte[] apiKeySalt = Base64.getDecoder().decode(ApiKeys.STOCK_SALT);
        private byte[] tokenKey;
        private List<byte[]> tokenOldKeys = List.of();
        private Duration tokenLifetime = Duration.ofSeconds(1209600);
        private int tokenSerial = 1;
        private String buildStamp = "undef";
        private boolean permanentAccounts;
        private String iceServersJson;
        private io.github.tinodej.media.MediaStore media;
        private Duration callTimeout = Duration.ofSeconds(30);
        private final List<CredConfig.Registered> validators = new ArrayList<>();
        private CredConfig cred = CredConfig.NONE;

        private Builder() {
            authenticator(new BasicAuthenticator());
            authenticator(new AnonymousAuthenticator());
        }

        /**
         * The store. The server opens it on start; closing it stays with the host (or hand it to
         * {@link #closeOnStop}). Default: a new {@link MemoryStore}, which the server owns:
         * everything in it is lost when the server stops.
         */
        public Builder store(Store s) {
            this.store = Objects.requireNonNull(s, "store");
            return this;
        }

        /** Adds a transport. Without one, only in-JVM clients (see {@code LocalTransport}) can connect. */
        public Builder transport(Transport t) {
            transports.add(Objects.requireNonNull(t, "transport"));
            return this;
        }

        /**
         * Adds an authentication scheme, replacing a stock one of the same name ({@code basic},
         * {@code anonymous}). The {@code token} scheme is configured with {@link #tokenKey} instead.
         */
        public Builder authenticator(Authenticator a) {
            Objects.requireNonNull(a, "authenticator");
            return authenticator(a.scheme(), a);
        }

        /**
         * Adds an authentication scheme under a name of the host's choice, which is what clients
         * send as {@code scheme} (Tinode's {@code logical_names}: {@code "basic:rest"} is
         * {@code authenticator("basic", rest)}). One authenticator may serve several names; it
         * is started once. Replaces whatever the name had.
         */
        public Builder authenticator(String name, Authenticator a) {
            Objects.requireNonNull(a, "authenticator");
            if (name == null || name.isEmpty() || !name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("authenticator scheme must be non-empty lower case: " + name);
            }
            if (name.equals(TokenAuthenticator.SCHEME)) {
                throw new IllegalArgumentException("the token scheme is built in; set tokenKey instead");
            }
            authenticators.put(name, a);
            return this;
        }

        /** Removes a scheme, e.g. {@code anonymous} to forbid anonymous accounts. */
        public Builder withoutAuthenticator(String scheme) {
            authenticators.remove(scheme);
            return this;
        }

        /**
         * Adds an in-process plugin (Tinode's plugins, without the gRPC hop): it may inspect,
         * change, answer or drop client messages and hears of accounts, topics, subscriptions and
         * messages. Plugins are asked in the order they are added; names must be unique.
         */
        public Builder plugin(io.github.tinodej.plugin.Plugin p) {
            Objects.requireNonNull(p, "plugin");
            for (io.github.tinodej.plugin.Plugin q : plugins) {
                if (q.name().equals(p.name())) {
                    throw new IllegalArgumentException("plugins: duplicate name '" + p.name() + "'");
                }
            }
            plugins.add(p);
            return this;
        }

        /**
         * Makes this server one node of a cluster sharing its store with the others (the stock
         * implementation is {@code tinode-cluster-hazelcast}); default: a single node. The server
         * starts the cluster after opening the store and stops it on {@link TinodeServer#stop}.
         */
        public Builder cluster(io.github.tinodej.cluster.Cluster c) {
            this.cluster = Objects.requireNonNull(c, "cluster");
            return this;
        }

        /**
         * Push notifications; default none. The engine hands it a receipt per message, new
         * subscription and read receipt (see {@link PushProvider}); the stock adapters are in
         * {@code io.github.tinodej.push.stock}. The host's to close (or hand to {@link #closeOnStop}).
         */
        public Builder push(PushProvider p) {
            this.push = Objects.requireNonNull(p, "push");
            return this;
        }

        /** The clock for every timestamp and timer; default UTC system clock. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Runs every timer of the engine (see {@link Scheduler}); owned by the host. Give the
         * same fake clock as {@link #clock} and {@code scheduler} to drive time in tests. Default:
         * one internal timer thread, shut down on stop. The network transports' socket timeouts
         * (idle WebSockets, long-polling sessions) run on real time regardless.
         */
        public Builder scheduler(Scheduler s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /**
         * Hands a resource to the server: closed when the server stops, after the transports and
         * pools, in the reverse order of these calls (typically the store the host built for it).
         */
        public Builder closeOnStop(AutoCloseable resource) {
            closeOnStop.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * The pool that runs sessions and topics (store calls happen here, so it may block on a
         * database). Owned by the host: never shut down by the server. Default: an internal pool of
         * 32 daemon threads (8 per core on bigger machines), shut down on stop; threads waiting on
         * the store let concurrent messages share one commit.
         */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /**
         * The pool for password hashing and authenticators, so logins never stall messaging. Owned
         * by the host. Default: an internal pool with one thread per two cores (at least one), so a
         * storm of password logins leaves the other cores to messaging.
         */
        public Builder authExecutor(Executor e) {
            this.authExecutor = Objects.requireNonNull(e, "authExecutor");
            return this;
        }

        /**
         * The Unix nice value the internal authentication threads give themselves, 1 to 19, or 0 to
         * leave them at normal priority. Default 10: on a busy core, message handling preempts
         * password hashing, so a login storm slows logins rather than every conversation (Java
         * thread priorities do nothing on Linux). Needs Linux and the system's {@code renice};
         * elsewhere the threads run at normal priority. Ignored with {@link #authExecutor}.
         */
        public Builder authThreadNice(int nice) {
            if (nice < 0 || nice > 19) {
                throw new IllegalArgumentException("authThreadNice must be 0..19: " + nice);
            }
            this.authThreadNice = nice;
            return this;
        }

        /**
         * Rate limits and caps against abusive clients (request rates per session, failed logins
         * and account creation per client address, concurrent sessions per address, a deadline
         * for {@code {hi}}). Default {@link RateLimits#DEFAULTS}; {@link RateLimits#NONE} turns
         * them all off.
         */
        public Builder rateLimits(RateLimits r) {
            this.rateLimits = Objects.requireNonNull(r, "rateLimits");
            return this;
        }

        /** Protocol limits; default {@link Limits#STOCK}. */
        public Builder limits(Limits l) {
            this.limits = Objects.requireNonNull(l, "limits");
            return this;
        }

        /** The API key salt (32 bytes in Tinode); default Tinode's stock salt, so the demo key works. */
        public Builder apiKeySalt(byte[] salt) {
            if (salt == null || salt.length == 0) {
                throw new IllegalArgumentException("apiKeySalt must not be empty");
            }
            this.apiKeySalt = salt.clone();
            return this;
        }

        /**
         * The token HMAC key, at least 32 bytes. With the same key (and serial) tokens survive a
         * restart. Default: a random key per server, so tokens die with it.
         */
        public Builder tokenKey(byte[] key) {
            if (key == null || key.length < 32) {
                throw new IllegalArgumentException("tokenKey must be at least 32 bytes, got "
                        + (key == null ? "null" : key.length));
            }
            this.tokenKey = key.clone();
            return this;
        }

        /**
         * Key rotation (tinodej's own; Tinode has one key): keys that signed tokens before the
         * current {@link #tokenKey} and still verify them until they expire. New tokens are always
         * signed with {@code tokenKey}. Each key at least 32 bytes; default none. Replaces any
         * list given before.
         */
        public Builder tokenOldKeys(List<byte[]> keys) {
            Objects.requireNonNull(keys, "tokenOldKeys");
            List<byte[]> copy = new ArrayList<>();
            for (byte[] k : keys) {
                if (k == null || k.length < 32) {
                    throw new IllegalArgumentException("tokenOldKeys must each be at least 32 bytes, got "
                            + (k == null ? "null" : k.length));
                }
                copy.add(k.clone());
            }
            this.tokenOldKeys = List.copyOf(copy);
            return this;
        }

        /** Token lifetime; default 14 days. */
        public Builder tokenLifetime(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("tokenLifetime must be positive: " + d);
            }
            this.tokenLifetime = d;
            return this;
        }

        /** Token serial number; changing it invalidates all issued tokens. Default 1. */
        public Builder tokenSerial(int serial) {
            if (serial < 0 || serial > 0xFFFF) {
                throw new IllegalArgumentException("tokenSerial must be 0..65535: " + serial);
            }
            this.tokenSerial = serial;
            return this;
        }

        /** The build stamp in {@code {hi}.params.build}; default {@code undef}. */
        public Builder buildStamp(String stamp) {
            if (stamp == null || stamp.isBlank()) {
                throw new IllegalArgumentException("buildStamp must not be blank");
            }
            this.buildStamp = stamp;
            return this;
        }

        /** If true, users cannot delete their own accounts (422). Default false. */
        public Builder permanentAccounts(boolean v) {
            this.permanentAccounts = v;
            return this;
        }

        /**
         * Enables audio/video calls: the ICE servers clients get in {@code {hi}.params.iceServers},
         * as a JSON array such as {@code [{"urls":["stun:stun.example.org"]}]}. Default: calls off
         * (a call start is answered 501).
         */
        public Builder iceServers(String json) {
            com.google.gson.JsonElement e;
            try {
                e = com.google.gson.JsonParser.parseString(json);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException("iceServers must be a JSON array: " + ex.getMessage());
            }
            if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
                throw new IllegalArgumentException("iceServers must be a non-empty JSON array");
            }
            this.iceServersJson = e.toString();
            return this;
        }

        /** How long a call may ring before the server ends it as missed; default 30 s. */
        public Builder callTimeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("callTimeout must be positive: " + d);
            }
            this.callTimeout = d;
            return this;
        }

        /**
         * Enables file sharing: uploads at {@code /v0/file/u/}, downloads at {@code /v0/file/s/}.
         * Default: none ({@code {hi}} then advertises {@code maxFileUploadSize} 0).
         */
        public Builder media(io.github.tinodej.media.MediaStore m) {
            this.media = Objects.requireNonNull(m, "media");
            return this;
        }

        /**
         * Adds a credential validator (Tinode's {@code acc_validation} entry). Accounts of the
         * {@code required} levels must validate the method before they may log in; with no levels
         * the validator is off, but with {@code addToTags} its tag namespace stays client-immutable.
         *
         * @param addToTags whether validated values become tags {@code method:value}, searchable in {@code fnd}
         */
        public Builder validator(io.github.tinodej.validate.CredentialValidator v, java.util.Set<AuthLevel> required,
                boolean addToTags) {
            CredConfig.Registered r = CredConfig.registered(v, required, addToTags);
            validators.removeIf(x -> x.validator().method().equals(v.method()));
            validators.add(r);
            return this;
        }

        /**
         * The {@code code} scheme of password reset (Tinode's {@code auth_config.code}): code length
         * 4 to 18, lifetime, tries. Default 6 digits, valid 15 minutes, 3 tries.
         */
        public Builder resetCodes(int codeLength, Duration lifetime, int maxRetries) {
            cred = cred.withResetCodes(codeLength, lifetime, maxRetries);
            return this;
        }

        /**
         * Hard-deletes, every {@code period}, up to {@code blockSize} accounts never validated and
         * unchanged for {@code minAge} (Tinode's {@code acc_gc_config}). Default off.
         */
        public Builder unvalidatedAccountGc(Duration period, int blockSize, Duration minAge) {
            cred = cred.withGc(period, blockSize, minAge);
            return this;
        }

        /**
         * The region assumed for phone numbers written without a country prefix when the client's
         * {@code {hi} lang} names none (Tinode's {@code default_country_code}); default {@code US}.
         */
        public Builder defaultCountryCode(String isoRegion) {
            cred = cred.withDefaultCountryCode(isoRegion);
            return this;
        }

        /** Creates the server (not started). */
        public TinodeServer build() {
            return new TinodeServer(this);
        }

        EngineConfig toConfig() {
            byte[] key = tokenKey;
            if (key == null) {
                key = new byte[32];
                new SecureRandom().nextBytes(key);
            }
            Store s = store != null ? store : new MemoryStore();
            return new EngineConfig(s, store == null, Map.copyOf(authenticators),
                    new TokenAuthenticator(key, tokenOldKeys, tokenLifetime, tokenSerial), push, clock, executor,
                    authExecutor, authThreadNice, limits, apiKeySalt.clone(), buildStamp, permanentAccounts, iceServersJson,
                    callTimeout, media, rateLimits, scheduler, cred.withValidators(validators), java.util.List.copyOf(plugins));
        }
    }
}

package io.github.tinodej.transport.undertow;

import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.Transport;
import io.github.tinodej.transport.TransportContext;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Tinode's HTTP endpoints on Undertow: the WebSocket at {@code /v0/channels}, long polling at
 * {@code /v0/channels/lp}, optionally static
 * files (TinodeWeb) at {@code /}, and a JSON 404 for anything else.
 *
 * <p>Two ways to use it: {@link #builder()} binds its own listener (the server starts and stops
 * it); {@link #mountable()} binds nothing and, once the server started it, exposes
 * {@link #httpHandler()} for the host to mount in its own Undertow. A host's listener keeps its own
 * {@code UndertowOptions.MAX_ENTITY_SIZE}, which Undertow enforces before any handler runs (a bare
 * 400): set it at least to the upload limit plus 64 KiB, or uploads above Undertow's 2 MiB default
 * fail although {@code {hi}} advertises more.
 *
 * <pre>{@code
 * UndertowTransport ws = UndertowTransport.mountable();
 * TinodeServer chat = TinodeServer.builder().transport(ws).build().start();
 * Undertow.builder().addHttpListener(8080, "0.0.0.0")
 *     .setHandler(Handlers.path().addPrefixPath("/chat", ws.httpHandler())).build().start();
 * }</pre>
 *
 * <p>Threads: Undertow's I/O threads (daemon) only move frames; the engine does the work on its own
 * pool. Thread-safe. The server owns the lifecycle: {@link #stop} closes every connection and, for
 * a bound transport, the listener and its threads.
 */
public final class UndertowTransport implements Transport {
    /** The longest stop waits for WebSocket close frames to be written. */
    private static final Duration MAX_CLOSE_WAIT = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(UndertowTransport.class.getName());

    private final String host;
    private final int port;
    private final boolean bind;
    private final Path staticRoot;
    private final ClassLoader staticClassLoader;
    private final String staticPrefix;
    private final int ioThreads;
    private final Duration pingInterval;
    private final Duration idleTimeout;
    private final RemoteAddress remoteAddress;
    private final Duration longPollTimeout;
    private final Duration longPollSessionTimeout;
    private final Duration headerTimeout;
    private final Duration keepAliveTimeout;
    private final Duration readTimeout;
    private final String expvarPath;
    private final boolean healthChecks;
    private final String prometheusPath;
    private final HeaderSettings headers;
    private final java.util.concurrent.atomic.LongAdder uploads = new java.util.concurrent.atomic.LongAdder(); // meter

    private volatile Undertow undertow;
    private volatile WsEndpoint ws;
    private volatile LpEndpoint lp;
    private volatile HttpHandler root;
    private volatile int boundPort = -1;
    private volatile int redirectPort = -1; // the plain-HTTP port redirecting to HTTPS
    private final TlsListener tls;

    private UndertowTransport(Builder b, boolean bind) {
        this.host = b.host;
        this.port = b.port;
        this.bind = bind;
        this.staticRoot = b.staticRoot;
        this.staticClassLoader = b.staticClassLoader;
        this.staticPrefix = b.staticPrefix;
        this.ioThreads = b.ioThreads;
        this.pingInterval = b.pingInterval;
        this.expvarPath = b.expvarPath;
        this.healthChecks = b.healthChecks;
        this.tls = b.tls;
        this.prometheusPath = b.prometheusPath;
        this.idleTimeout = b.idleTimeout;
        this.remoteAddress = new RemoteAddress(b.trustForwardedFor, b.trustedProxies);
        this.longPollTimeout = b.longPollTimeout;
        this.longPollSessionTimeout = b.longPollSessionTimeout;
        this.headerTimeout = b.headerTimeout;
        this.keepAliveTimeout = b.keepAliveTimeout;
        this.readTimeout = b.readTimeout;
        this.headers = b.headers;
    }

    /** A builder for a transport with its own listener; defaults: {@code 0.0.0.0:6060}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A transport without a listener, for mounting {@link #httpHandler()} in the host's Undertow. */
    public static UndertowTransport mountable() {
        return new UndertowTransport(new Builder(), false);
    }

    /** A mountable transport with the given settings (host and port are ignored). */
    public static UndertowTransport mountable(Builder settings) {
        return new UndertowTransport(settings, false);
    }

    @Override
    public void start(TransportContext context) {
        Objects.requireNonNull(context, "context");
        WsEndpoint endpoint = new WsEndpoint(context, pingInterval.toMillis(), idleTimeout.toMillis(), remoteAddress);
        HttpHandler fallback = StaticHeaders.serve(staticRoot, staticClassLoader, staticPrefix, headers, ex -> ApiKeyCheck.reject(ex, context, Ctrl.NOT_FOUND, "application/json; charset=utf-8"));
        LpEndpoint poll = new LpEndpoint(context, longPollTimeout.toMillis(), longPollSessionTimeout.toMillis(),
                remoteAddress);
        PathHandler paths = Handlers.path(fallback).addExactPath("/v0/channels", endpoint)
                .addExactPath("/v0/channels/lp", poll)
                .addPrefixPath("/v0/file/u", new FileEndpoint(context, true, poll::sessionUser, remoteAddress, uploads, headers))
                .addPrefixPath("/v0/file/s", new FileEndpoint(context, false, poll::sessionUser, remoteAddress, uploads, headers));
        HealthEndpoint.mountMonitoring(paths, context, prometheusPath, expvarPath, healthChecks, uploads);
        this.ws = endpoint;
        this.lp = poll;
        this.root = paths;
        if (!bind) {
            return;
        }
        // Undertow compares Content-Length with the listener's MAX_ENTITY_SIZE while parsing the
        // headers, before any handler runs, and answers a bare 400 above it: its 2 MiB default cut
        // uploads off far below the maxFileUploadSize that {hi} advertises. So the listener has no
        // limit, every exchange starts with Undertow's default, and the file endpoint sets its own.
        HttpHandler limited = ex -> {
            if (tls != null && tls.refuse(ex, () -> boundPort)) {
                return;
            }
            ex.setMaxEntitySize(UndertowOptions.DEFAULT_MAX_ENTITY_SIZE);
            paths.handleRequest(ex);
        };
        Undertow u = Listeners.start(host, port, tls, ioThreads, headerTimeout, keepAliveTimeout, readTimeout, limited);
        this.undertow = u;
        this.boundPort = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
        if (tls != null && u.getListenerInfo().size() > 1) {
            this.redirectPort = ((InetSocketAddress) u.getListenerInfo().get(1).getAddress()).getPort();
        }
        LOG.log(System.Logger.Level.INFO, "listening on {0}:{1,number,#}{2}", host, boundPort,
                tls == null ? "" : " (TLS" + (redirectPort > 0 ? "; HTTP redirect on " + redirectPort : "") + ")");
    }

    /**
     * The handler serving the endpoints, for mounting in the host's own Undertow.
     *
     * @throws IllegalStateException before the server started this transport
     */
    public HttpHandler httpHandler() {
        HttpHandler h = root;
        if (h == null) {
            throw new IllegalStateException("transport not started: start the TinodeServer first");
        }
        return h;
    }

    @Override
    public int port() {
        return boundPort;
    }

    /** With TLS and an HTTP redirect: the plain-HTTP port bound for it; else -1. */
    public int redirectPort() {
        return redirectPort;
    }

    Duration headerTimeout() {
        return headerTimeout;
    }

    Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    /** Open long-polling sessions (for metrics and tests). */
    public int openLongPollSessions() {
        LpEndpoint p = lp;
        return p == null ? 0 : p.openSessions();
    }

    /** Open WebSocket connections (for metrics and tests). */
    public int openConnections() {
        WsEndpoint e = ws;
        return e == null ? 0 : e.openConnections();
    }

    @Override
    public void stop(Duration grace) {
        WsEndpoint e = ws;
        if (e != null) {
            // Bounded: the sessions already spent up to the grace period flushing their notices.
            e.closeAll(grace.compareTo(MAX_CLOSE_WAIT) > 0 ? MAX_CLOSE_WAIT : grace);
        }
        LpEndpoint p = lp;
        if (p != null) {
            p.closeAll();
        }
        Undertow u = undertow;
        undertow = null;
        if (u != null) {
            u.stop();
        }
        boundPort = -1;
    }

    /** Settings for {@link UndertowTransport}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 6060;
        private Path staticRoot;
        private ClassLoader staticClassLoader;
        private String staticPrefix;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private Duration pingInterval = Duration.ofMillis(49_500);
        private Duration idleTimeout = Duration.ofSeconds(55);
        private boolean trustForwardedFor;
        private TrustedProxies trustedProxies = TrustedProxies.parse(TrustedProxies.LOOPBACK);
        private Duration longPollTimeout = Duration.ofMillis(49_500);
        private Duration longPollSessionTimeout = Duration.ofSeconds(70);
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration keepAliveTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(30);
        private String expvarPath;
        private boolean healthChecks;
        private String prometheusPath;
        private TlsListener tls;
        private HeaderSettings headers = HeaderSettings.DEFAULTS;

        private Builder() {
        }

        /**
         * Browser origins allowed to use the file endpoints from pages of another origin (Tinode's
         * {@code media.handlers.fs.cors_origins}): their preflights on {@code /v0/file/u/} (POST,
         * PUT) and {@code /v0/file/s/} (GET, HEAD) are granted and the answers carry
         * {@code Access-Control-Allow-Origin}. {@code "*"} alone allows all (the default); empty or
         * {@code ""} alone none (Tinode's default); else origins like {@code https://*.example.com}
         * ({@code *} is one host label). Long polling allows all origins regardless, as in Tinode.
         *
         * @throws IllegalArgumentException for {@code "*"} or {@code ""} among others, or a non-origin
         */
        public Builder corsOrigins(java.util.Collection<String> origins) {
            headers = new HeaderSettings(Cors.parse(origins), headers.frameOptions(), headers.staticMaxAge(), headers.fileCacheControl());
            return this;
        }

        /**
         * X-Frame-Options on static content (Tinode's {@code x_frame_options}): {@code SAMEORIGIN}
         * (the default, as in Tinode) or {@code DENY}; null or {@code -} sends none.
         *
         * @throws IllegalArgumentException for any other value
         */
        public Builder xFrameOptions(String value) {
            if (value != null && !"-".equals(value) && !"SAMEORIGIN".equals(value) && !"DENY".equals(value)) {
                throw new IllegalArgumentException("xFrameOptions must be SAMEORIGIN, DENY or '-': " + value);
            }
            String v = "-".equals(value) ? null : value;
            headers = new HeaderSettings(headers.cors(), v, headers.staticMaxAge(), headers.fileCacheControl());
            return this;
        }

        /**
         * Static content is served with {@code Cache-Control: must-revalidate, public,
         * max-age=<seconds>} (Tinode's {@code cache_control}; its stock file says 39600); zero,
         * the default, sends none. A missing file's 404 is never marked cacheable.
         */
        public Builder staticMaxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative()) {
                throw new IllegalArgumentException("staticMaxAge must not be negative: " + maxAge);
            }
            Duration age = Duration.ofSeconds(maxAge.toSeconds());
            headers = new HeaderSettings(headers.cors(), headers.frameOptions(), age, headers.fileCacheControl());
            return this;
        }

        /** Cache-Control of downloaded files ({@code media.handlers.fs.cache_control}); default {@code max-age=86400}. */
        public Builder fileCacheControl(String value) {
            if (value == null || value.isBlank() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("fileCacheControl must be a non-blank header value: " + value);
            }
            headers = new HeaderSettings(headers.cors(), headers.frameOptions(), headers.staticMaxAge(), value);
            return this;
        }

        /**
         * Serves HTTPS and WSS on {@link #port} (Tinode's {@code tls} section) with this context,
         * e.g. {@link PemTls#serverContext} over the {@code cert_file} and {@code key_file};
         * {@code redirectPort} (0 for an ephemeral one, -1 for none) answers plain HTTP with a
         * 301 to HTTPS; a positive {@code strictMaxAge} adds {@code Strict-Transport-Security}.
         */
        public Builder tls(javax.net.ssl.SSLContext context, int redirectPort, Duration strictMaxAge) {
            this.tls = new TlsListener(Objects.requireNonNull(context, "context"), redirectPort, strictMaxAge);
            return this;
        }

        /**
         * Serves {@link TinodeMeters} and the JVM's memory in Prometheus' text format at this path
         * (e.g. {@code /metrics}). Null, empty or {@code -} turns it off, the default: like the
         * expvar page it has no access control.
         */
        public Builder prometheusPath(String path) {
            if (path == null || path.isEmpty() || "-".equals(path)) {
                this.prometheusPath = null;
                return this;
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("prometheusPath must start with '/': " + path);
            }
            this.prometheusPath = path;
            return this;
        }

        /**
         * Serves {@code /healthz} (liveness) and {@code /readyz} (readiness: the server is not
         * stopping and its store answers; 503 otherwise). Default off: turn it on where only the
         * orchestrator reaches the port, or accept that anyone learns whether the server is up.
         */
        public Builder healthChecks(boolean on) {
            this.healthChecks = on;
            return this;
        }

        /**
         * Serves the server's counters as JSON at this path, like Tinode's {@code expvar} setting
         * (its stock config uses {@code /debug/vars}). Null, empty or {@code -} turns it off, the
         * default: the page has no access control, so a host exposes it deliberately.
         */
        public Builder expvarPath(String path) {
            if (path == null || path.isEmpty() || "-".equals(path)) {
                this.expvarPath = null;
                return this;
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("expvarPath must start with '/': " + path);
            }
            this.expvarPath = path;
            return this;
        }

        /** How long a long poll waits for a message before returning empty; default 49.5 s like Tinode. */
        public Builder longPollTimeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("longPollTimeout must be positive: " + d);
            }
            this.longPollTimeout = d;
            return this;
        }

        /** A long-polling session with no request for this long expires; default 70 s like Tinode. */
        public Builder longPollSessionTimeout(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("longPollSessionTimeout must be positive: " + d);
            }
            this.longPollSessionTimeout = d;
            return this;
        }

        /** Interface to bind; default {@code 0.0.0.0}. */
        public Builder host(String h) {
            if (h == null || h.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = h;
            return this;
        }

        /** Port to bind, 0 for an ephemeral one; default 6060. */
        public Builder port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + p);
            }
            this.port = p;
            return this;
        }

        /** A folder served at {@code /} (TinodeWeb); default none. */
        public Builder staticRoot(Path dir) {
            if (dir == null || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("staticRoot must be an existing directory: " + dir);
            }
            this.staticRoot = dir;
            return this;
        }

        /** Static files from the class path under {@code prefix} (the launcher's bundled TinodeWeb). */
        public Builder staticClasspath(ClassLoader loader, String prefix) {
            if (loader == null || prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("staticClasspath needs a class loader and a prefix");
            }
            this.staticClassLoader = loader;
            this.staticPrefix = prefix;
            return this;
        }

        /** Undertow I/O threads; default one per core (Undertow's at least 2 only adds switches on one). */
        public Builder ioThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("ioThreads must be positive: " + n);
            }
            this.ioThreads = n;
            return this;
        }

        /** WebSocket ping interval, zero for none; default 49.5 s like Tinode. */
        public Builder pingInterval(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("pingInterval must not be negative: " + d);
            }
            this.pingInterval = d;
            return this;
        }

        /** Close a connection idle this long (pongs count as activity), zero for never; default 55 s. */
        public Builder idleTimeout(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative: " + d);
            }
            this.idleTimeout = d;
            return this;
        }

        /**
         * How long a request's line and headers may take to arrive, from its first byte, however
         * slowly they drip in; the connection is closed after it. Default 10 s, Go's
         * {@code ReadHeaderTimeout} in Tinode. Applies to the listener this transport binds, not to
         * a host's Undertow that mounts {@link #mountable()}.
         */
        public Builder headerTimeout(Duration d) {
            this.headerTimeout = positiveMillis("headerTimeout", d);
            return this;
        }

        /**
         * How long a connection may stay open without a request (a new one before its first
         * byte, or a kept-alive one between requests). Default 30 s, Go's {@code IdleTimeout} in
         * Tinode. Parked long polls and WebSockets are not idle in this sense.
         */
        public Builder keepAliveTimeout(Duration d) {
            this.keepAliveTimeout = positiveMillis("keepAliveTimeout", d);
            return this;
        }

        /**
         * How long a request body (an upload, a long-polling POST) may stop arriving before the
         * request fails and its connection is closed: no byte for this long, however long the
         * whole body takes. Default 30 s. WebSocket connections are exempt: their pings and
         * {@link #idleTimeout} decide.
         */
        public Builder readTimeout(Duration d) {
            this.readTimeout = positiveMillis("readTimeout", d);
            return this;
        }

        private static Duration positiveMillis(String name, Duration d) {
            if (d == null || d.toMillis() <= 0 || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be 1 ms to 24 days: " + d);
            }
            return d;
        }

        /**
         * Take the client address from {@code X-Forwarded-For} (Tinode's {@code use_x_forwarded_for}),
         * but only from connections of a {@linkplain #trustedProxies trusted proxy}; default false.
         * The client address is then the right-most address in the header that is not a trusted
         * proxy: the one the outermost trusted proxy saw. Authenticators receive it.
         */
        public Builder trustForwardedFor(boolean v) {
            this.trustForwardedFor = v;
            return this;
        }

        /**
         * The proxies whose {@code X-Forwarded-For} is believed, as IP addresses or CIDR blocks
         * ({@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code fd00::/8}); names are not accepted, so
         * nothing is looked up. Default: loopback only ({@code 127.0.0.0/8}, {@code ::1}), a
         * reverse proxy on the same host, so that no remote client can choose its address; list
         * a proxy on another host (or a container network) explicitly. Empty trusts no one.
         * Has no effect unless {@link #trustForwardedFor} is on.
         */
        public Builder trustedProxies(java.util.Collection<String> addressesOrCidrs) {
            this.trustedProxies = TrustedProxies.parse(addressesOrCidrs);
            return this;
        }

        public UndertowTransport build() {
            return new UndertowTransport(this, true);
        }
    }
}

package io.github.tinodej.examples;

import io.github.tinodej.server.Limits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.transport.undertow.UndertowTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Builds and starts the standalone server from Tinode-style settings. {@link TinodeMain} is the
 * command line around it; tests call {@link #start} directly and read the port back.
 */
public final class Launcher {
    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());

    private Launcher() {
    }

    /**
     * What the command line says.
     *
     * @param listen {@code --listen}, or null to take the config's (then {@code :6060})
     * @param config {@code --config} file, or null for stock defaults
     * @param staticData {@code --static_data} folder served at {@code /}, or null
     * @param dataDir where the launcher keeps its state (the generated token key)
     * @param expvar {@code --expvar}: path of the counters page ({@code -} turns it off), or null for the config's
     * @param grpcListen {@code --grpc_listen}: gRPC address, blank for none, or null for the config's
     */
    public record Options(String listen, Path config, Path staticData, Path dataDir, String expvar, String grpcListen) {
        /** Options without an {@code --expvar} or {@code --grpc_listen} override. */
        public Options(String listen, Path config, Path staticData, Path dataDir) {
            this(listen, config, staticData, dataDir, null, null);
        }

        /** Options without a {@code --grpc_listen} override. */
        public Options(String listen, Path config, Path staticData, Path dataDir, String expvar) {
            this(listen, config, staticData, dataDir, expvar, null);
        }
    }

    /**
     * Starts a server; the caller stops it. Logs a warning naming each configuration key the
     * launcher does not implement.
     *
     * @throws TinodeConfig.ConfigException for a setting it cannot honour; {@code tls} and
     *     {@code webrtc} are checked before anything is written or bound
     * @throws IllegalArgumentException for a malformed listen address
     */
    public static TinodeServer start(Options o) throws IOException {
        TinodeConfig cfg = o.config() == null ? TinodeConfig.empty() : TinodeConfig.load(o.config());
        for (String key : cfg.unsupportedKeys()) {
            LOG.log(System.Logger.Level.WARNING, "config: ''{0}'' is not implemented by this launcher and has no effect",
                    key);
        }
        WebRtcSettings calls = WebRtcSettings.from(cfg);
        AuthSettings.Plan auth = AuthSettings.from(cfg);
        String listenText = o.listen() != null ? o.listen() : cfg.string("listen");
        Listen listen = Listen.parse(listenText == null || listenText.isEmpty() ? ":6060" : listenText);

        UndertowTransport.Builder http = UndertowTransport.builder().host(listen.host()).port(listen.port())
                .trustForwardedFor(cfg.bool("use_x_forwarded_for", false))
                .expvarPath(o.expvar() != null ? o.expvar() : cfg.string("expvar"))
                .healthChecks(cfg.bool("health_checks", false))
                .prometheusPath(cfg.string("prometheus_path"))
                // tinodej's own keys: Tinode hard-codes 49.5 s polls and 70 s idle long-polling sessions.
                .longPollTimeout(Duration.ofMillis(cfg.number("longpoll_timeout_ms", 49_500)))
                .longPollSessionTimeout(Duration.ofMillis(cfg.number("longpoll_session_timeout_ms", 70_000)));
        // Before anything is written or bound: a TLS section that cannot be honoured stops the start.
        TlsSettings.apply(cfg, http);
        io.github.tinodej.transport.grpc.GrpcTransport grpc = GrpcSettings.from(cfg, o.grpcListen());
        HttpHeaderSettings.apply(cfg, http);
        // tinodej's own key: the proxies whose X-Forwarded-For is believed when use_x_forwarded_for
        // is on; without it only a proxy on this host (loopback) is.
        java.util.List<String> proxies = cfg.strings("trusted_proxies");
        if (proxies != null) {
            try {
                http.trustedProxies(proxies);
            } catch (IllegalArgumentException e) {
                throw new TinodeConfig.ConfigException("trusted_proxies: " + e.getMessage());
            }
        }
        Path staticData = o.staticData();
        if (staticData == null && cfg.string("static_data") != null && !cfg.string("static_data").isEmpty()) {
            staticData = Path.of(cfg.string("static_data"));
        }
        if (staticData != null) {
            http.staticRoot(staticData);
        } else if (Launcher.class.getClassLoader().getResource("webapp/index.html") != null) {
            // TinodeWeb bundled into the jar at build time.
            http.staticClasspath(Launcher.class.getClassLoader(), "webapp");
        }

        Limits limits = Limits.STOCK
                .withMaxMessageSize((int) cfg.number("max_message_size", Limits.STOCK.maxMessageSize()))
                .withMaxSubscriberCount((int) cfg.number("max_subscriber_count", Limits.STOCK.maxSubscriberCount()))
                .withMaxTagCount((int) cfg.number("max_tag_count", Limits.STOCK.maxTagCount()))
                .withMsgDeleteAge(Duration.ofSeconds(cfg.number("msg_delete_age", Limits.STOCK.msgDeleteAge().toSeconds())))
                .withP2pDeleteEnabled(cfg.bool("p2p_delete_enabled", true))
                .withMaxFileUploadSize(cfg.number("media.max_size", Limits.STOCK.maxFileUploadSize()));

        TinodeServer.Builder b = TinodeServer.builder()
                .transport(http.build())
                .limits(limits)
                .rateLimits(RateLimitSettings.from(cfg))
                .permanentAccounts(cfg.bool("permanent_accounts", false))
                .tokenLifetime(Duration.ofSeconds(cfg.number("auth_config.token.expire_in", 1209600)))
                .tokenSerial((int) cfg.number("auth_config.token.serial_num", 1))
                .tokenKey(tokenKey(cfg, o.dataDir()))
                .tokenOldKeys(tokenOldKeys(cfg));
        if (grpc != null) {
            b.transport(grpc);
        }
        auth.applyTo(b);
        long nice = cfg.number("auth_thread_nice", 10);
        if (nice < 0 || nice > 19) {
            throw new TinodeConfig.ConfigException("auth_thread_nice must be 0..19, not " + nice);
        }
        b.authThreadNice((int) nice);
        String handler = cfg.string("media.use_handler");
        if (handler == null || handler.equals("fs")) {
            String dir = cfg.string("media.handlers.fs.upload_dir");
            Path uploads = dir == null || dir.isEmpty() ? o.dataDir().resolve("uploads") : Path.of(dir);
            b.media(new io.github.tinodej.media.FileSystemMediaStore(uploads));
        } else if (!handler.isEmpty()) {
            throw new TinodeConfig.ConfigException("media.use_handler '" + handler + "' is not supported; use fs");
        }
        if (calls != null) {
            b.iceServers(calls.iceServersJson()).callTimeout(calls.callTimeout());
        }
        ValidationSettings.apply(cfg, b);
        PluginSettings.apply(cfg, b);
        ClusterSettings.apply(cfg, b);
        byte[] salt = cfg.bytes("api_key_salt");
        if (salt != null) {
            b.apiKeySalt(salt);
        }
        // Last: a settings error found after the store was opened left its pool (and an H2 file's
        // writer) running in a process that carried on, as tests and embedding hosts do.
        io.github.tinodej.store.Store store = StoreSelection.from(cfg, o.dataDir());
        b.store(store).closeOnStop(store);
        TinodeServer built;
        try {
            io.github.tinodej.push.PushProvider push = PushSettings.from(cfg, store, java.time.Clock.systemUTC());
            if (push != null) {
                b.push(push).closeOnStop(push::close);
            }
            built = b.build();
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        // A failing start closes what was handed over (the store, the push provider) itself.
        TinodeServer server = built.start();
        LOG.log(System.Logger.Level.INFO, "tinodej listening on {0}:{1,number,#}", listen.host(), server.port());
        if (grpc != null) {
            LOG.log(System.Logger.Level.INFO, "gRPC listening on port {0,number,#}", grpc.port());
        }
        for (String line : Banner.lines(StoreSelection.jdbc(cfg, o.dataDir()).url(), listen.host(), server.port(), salt,
                staticData != null || Launcher.class.getClassLoader().getResource("webapp/index.html") != null)) {
            LOG.log(System.Logger.Level.INFO, line);
        }
        return server;
    }

    /**
     * {@code auth_config.token.old_keys} (tinodej's own; Tinode has no key rotation): base64 keys
     * that signed tokens before {@code key} replaced them and still verify those until they expire.
     */
    static java.util.List<byte[]> tokenOldKeys(TinodeConfig cfg) {
        java.util.List<String> texts = cfg.strings("auth_config.token.old_keys");
        java.util.List<byte[]> keys = new java.util.ArrayList<>();
        for (String t : texts == null ? java.util.List.<String>of() : texts) {
            byte[] k;
            try {
                k = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw new TinodeConfig.ConfigException("auth_config.token.old_keys must hold standard base64 keys");
            }
            if (k.length < 32) {
                throw new TinodeConfig.ConfigException("auth_config.token.old_keys: each key must decode to at least 32 bytes");
            }
            keys.add(k);
        }
        return keys;
    }

    /**
     * The configured token key, or one generated on first run and kept in the data folder so that
     * clients stay logged in across restarts.
     */
    static byte[] tokenKey(TinodeConfig cfg, Path dataDir) throws IOException {
        byte[] key = cfg.bytes("auth_config.token.key");
        if (key != null) {
            if (key.length < 32) {
                throw new TinodeConfig.ConfigException("auth_config.token.key must decode to at least 32 bytes");
            }
            return key;
        }
        Path file = dataDir.resolve("token.key");
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).trim());
        }
        key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(dataDir);
        Files.writeString(file, Base64.getEncoder().encodeToString(key));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; nothing more to do.
        }
        LOG.log(System.Logger.Level.WARNING,
                "no auth_config.token.key configured; generated one in {0}", file.toAbsolutePath());
        return key;
    }
}

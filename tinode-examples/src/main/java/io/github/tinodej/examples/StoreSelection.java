package io.github.tinodej.examples;

import io.github.tinodej.store.jdbc.JdbcStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Tinode's {@code store_config} into a {@link JdbcStore}: no adapter means an H2 file in the
 * data folder; {@code mysql} and {@code postgres} take a JDBC {@code url} (our extension), Tinode's
 * {@code dsn}, or its separate fields ({@code User}, {@code Passwd}, {@code Addr}/{@code Host},
 * {@code Port}, {@code DBName}).
 */
final class StoreSelection {
    private static final Pattern MYSQL_DSN = Pattern.compile(
            "^(?:mysql://)?(?:([^:@/]*)(?::([^@/]*))?@)?(?:tcp\\(([^)]*)\\))?/([^?]*)(?:\\?(.*))?$");

    private StoreSelection() {
    }

    /**
     * Go's {@code store_config.adapters.<name>.sql_timeout} (seconds, default 10; zero or less:
     * none) bounds how long a request waits on a database that stopped answering.
     */
    static Duration sqlTimeout(TinodeConfig cfg, String adapter) {
        long s = cfg.number("store_config.adapters." + (adapter == null ? "" : adapter) + ".sql_timeout", 10);
        return s <= 0 ? Duration.ZERO : Duration.ofSeconds(s);
    }

    /**
     * Our {@code store_config.adapters.<name>.write_behind_ms} (H2's adapter is {@code h2}):
     * how often topics' seq and senders' markers that messages moved are written (default 5000;
     * zero or less: in each message's own transaction), see {@link JdbcStore.Builder#writeBehind}.
     */
    static Duration writeBehind(TinodeConfig cfg, String adapter) {
        String name = adapter == null || adapter.isEmpty() ? "h2" : adapter;
        long ms = cfg.number("store_config.adapters." + name + ".write_behind_ms", 5000);
        return ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
    }

    /**
     * Our {@code store_config.adapters.h2.checkpoint_ms}: how often an H2 file writes its changes, in
     * one chunk, while acknowledged messages wait in the journal beside it (default 1000; zero or
     * less: a chunk per commit), see {@link JdbcStore.Builder#h2Checkpoint}.
     */
    static Duration h2Checkpoint(TinodeConfig cfg) {
        long ms = cfg.number("store_config.adapters.h2.checkpoint_ms", 1000);
        return ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
    }

    /** The store the configuration asks for. */
    static JdbcStore from(TinodeConfig cfg, Path dataDir) {
        String adapter = cfg.string("store_config.use_adapter");
        int pool = (int) Math.max(2, Math.min(200, cfg.number("store_config.adapters." + adapter + ".max_open_conns", 10)));
        Jdbc j = jdbc(cfg, dataDir);
        JdbcStore.Builder b = JdbcStore.builder().url(j.url).poolSize(pool).socketTimeout(sqlTimeout(cfg, adapter))
                .writeBehind(writeBehind(cfg, adapter)).h2Checkpoint(h2Checkpoint(cfg));
        if (j.user != null) {
            b.user(j.user);
        }
        if (j.password != null) {
            b.password(j.password);
        }
        return b.build();
    }

    /** The database the configuration names: URL and credentials. */
    static Jdbc jdbc(TinodeConfig cfg, Path dataDir) {
        String adapter = cfg.string("store_config.use_adapter");
        return switch (adapter == null ? "" : adapter) {
            case "", "h2" -> h2(cfg, dataDir);
            case "mysql" -> mysql(cfg);
            case "postgres" -> postgres(cfg);
            default -> throw new TinodeConfig.ConfigException("store_config.use_adapter '" + adapter
                    + "' is not supported; use mysql, postgres or h2");
        };
    }

    record Jdbc(String url, String user, String password) {
    }

    static Jdbc h2(TinodeConfig cfg, Path dataDir) {
        String url = cfg.string("store_config.adapters.h2.url");
        return new Jdbc(url != null ? url : JdbcStore.h2File(dataDir), null, null);
    }

    static Jdbc mysql(TinodeConfig cfg) {
        String p = "store_config.adapters.mysql.";
        String url = cfg.string(p + "url");
        if (url != null) {
            return new Jdbc(url, cfg.string(p + "User"), cfg.string(p + "Passwd"));
        }
        String dsn = cfg.string(p + "dsn");
        if (dsn != null) {
            Matcher m = MYSQL_DSN.matcher(dsn);
            if (!m.matches()) {
                throw new TinodeConfig.ConfigException(p + "dsn is not a MySQL DSN like user:pass@tcp(host:3306)/db");
            }
            String addr = m.group(3) == null || m.group(3).isEmpty() ? "localhost:3306" : m.group(3);
            return new Jdbc("jdbc:mysql://" + addr + "/" + m.group(4), emptyToNull(m.group(1)), m.group(2));
        }
        String addr = cfg.string(p + "Addr");
        if (addr == null) {
            addr = "localhost";
        }
        if (!addr.contains(":")) {
            addr = addr + ":3306";
        }
        String db = cfg.string(p + "DBName");
        return new Jdbc("jdbc:mysql://" + addr + "/" + (db == null ? "tinode" : db),
                cfg.string(p + "User"), cfg.string(p + "Passwd"));
    }

    static Jdbc postgres(TinodeConfig cfg) {
        String p = "store_config.adapters.postgres.";
        String url = cfg.string(p + "url");
        if (url != null) {
            return new Jdbc(url, cfg.string(p + "User"), cfg.string(p + "Passwd"));
        }
        String dsn = cfg.string(p + "dsn");
        if (dsn != null) {
            URI u = URI.create(dsn);
            String user = null;
            String pass = null;
            if (u.getUserInfo() != null) {
                String[] up = u.getUserInfo().split(":", 2);
                user = up[0];
                pass = up.length > 1 ? up[1] : null;
            }
            int port = u.getPort() > 0 ? u.getPort() : 5432;
            return new Jdbc("jdbc:postgresql://" + u.getHost() + ":" + port + u.getPath()
                    + (u.getQuery() == null ? "" : "?" + u.getQuery().replace("sslmode=disable", "sslmode=disable")),
                    user, pass);
        }
        String host = cfg.string(p + "Host");
        String port = cfg.string(p + "Port");
        String db = cfg.string(p + "DBName");
        return new Jdbc("jdbc:postgresql://" + (host == null ? "localhost" : host) + ":" + (port == null ? "5432" : port)
                + "/" + (db == null ? "tinode" : db), cfg.string(p + "User"), cfg.string(p + "Passwd"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

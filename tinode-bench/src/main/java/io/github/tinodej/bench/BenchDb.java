package io.github.tinodej.bench;

import io.github.tinodej.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The database a run measures: the server's default H2 file, or MariaDB (a fresh database on the
 * local server, dropped and created at the start of the run). The probes and the server use the
 * same database, schema and SQL, so their ratio isolates what the server adds.
 */
record BenchDb(String kind, String url, String user) {
    static final String MARIADB_NAME = "tinodej_bench";

    static BenchDb h2(Path dir) {
        // tinodej.bench.h2extra (e.g. ";CACHE_SIZE=8192") appends H2 settings to the URL for A/B runs.
        return new BenchDb("h2", JdbcStore.h2File(dir) + System.getProperty("tinodej.bench.h2extra", ""), null);
    }

    /** A fresh {@code tinodej_bench} database on the MariaDB at 127.0.0.1:3306 (root, no password). */
    static BenchDb mariadb() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root")) {
            c.createStatement().execute("drop database if exists " + MARIADB_NAME);
            c.createStatement().execute("create database " + MARIADB_NAME);
        }
        return new BenchDb("mariadb", "jdbc:mysql://127.0.0.1:3306/" + MARIADB_NAME, "root");
    }

    boolean mysqlFamily() {
        return url.startsWith("jdbc:mysql:");
    }

    /** Creates the server's schema (Flyway migrations of the JDBC store) if it is not there. */
    void migrate() {
        JdbcStore.Builder b = JdbcStore.builder().url(url).poolSize(2);
        if (user != null) {
            b.user(user);
        }
        JdbcStore s = b.build();
        s.open();
        s.close();
    }

    Connection connect() throws Exception {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
    }

    /** The store_config section that points the launcher at this database. */
    String storeConfig() {
        if (!mysqlFamily()) {
            return "{\"use_adapter\": \"h2\", \"adapters\": {\"h2\": {\"url\": \"" + url + "\"}}}";
        }
        return "{\"use_adapter\": \"mysql\", \"adapters\": {\"mysql\": {\"url\": \"" + url
                + "\", \"User\": \"root\", \"Passwd\": \"\"}}}";
    }

    /** Binds a timestamp the way the store does: text for the MySQL family (see UtcTimeBinding). */
    void setTime(PreparedStatement p, int index, java.time.LocalDateTime t) throws Exception {
        if (mysqlFamily()) {
            p.setString(index, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").format(t));
        } else {
            p.setObject(index, t);
        }
    }
}

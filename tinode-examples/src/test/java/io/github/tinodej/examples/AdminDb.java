package io.github.tinodej.examples;

import io.github.tinodej.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine;

/**
 * A database for the administration command tests: H2 in a temporary data folder, and MariaDB or
 * PostgreSQL when {@code TINODEJ_TEST_MYSQL_URL} / {@code TINODEJ_TEST_POSTGRES_URL} are set. Each
 * server-backed one is a database of its own ({@code tj_cli_...}), created here and dropped by
 * {@link #drop()}, so tests running at the same time on the shared servers never meet. Not
 * {@code AutoCloseable} on purpose: JUnit closes such parameters after each test.
 */
final class AdminDb {
    private final String kind;
    private final String url;
    private final String adminUrl;
    private final String dbName;
    private final List<String> args;

    private AdminDb(String kind, String url, String adminUrl, String dbName, List<String> args) {
        this.kind = kind;
        this.url = url;
        this.adminUrl = adminUrl;
        this.dbName = dbName;
        this.args = args;
    }

    /** Every database this machine offers, each fresh; H2's lives under {@code dir}. */
    static List<AdminDb> all(Path dir) throws Exception {
        List<AdminDb> out = new ArrayList<>();
        Path data = Files.createDirectories(dir.resolve("h2"));
        out.add(new AdminDb("h2", JdbcStore.h2File(data), null, null, List.of("--data", data.toString())));
        String mysql = System.getenv("TINODEJ_TEST_MYSQL_URL");
        if (mysql != null && mysql.startsWith("jdbc:")) {
            out.add(server("mysql", mysql, dir));
        }
        String pg = System.getenv("TINODEJ_TEST_POSTGRES_URL");
        if (pg != null && pg.startsWith("jdbc:")) {
            out.add(server("postgres", pg, dir));
        }
        return out;
    }

    private static AdminDb server(String adapter, String adminUrl, Path dir) throws Exception {
        String name = "tj_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        Path conf = dir.resolve(adapter + ".conf");
        Files.writeString(conf, "{\"store_config\": {\"use_adapter\": \"" + adapter + "\", \"adapters\": {\"" + adapter
                + "\": {\"url\": \"" + url + "\"}}}, \"media\": {\"handlers\": {\"fs\": {\"upload_dir\": \""
                + dir.resolve(adapter + "-uploads") + "\"}}}}");
        return new AdminDb(adapter, url, adminUrl, name, List.of("--config", conf.toString()));
    }

    /** The launcher options naming this database ({@code --data DIR} or {@code --config FILE}). */
    List<String> args() {
        return args;
    }

    /** Its JDBC URL. */
    String url() {
        return url;
    }

    /** The folder of this database's migrations ({@code db/tinodej/<folder>}). */
    String migrations() {
        return kind.equals("postgres") ? "postgresql" : kind;
    }

    /** A store on this database (not opened). */
    JdbcStore store() {
        return JdbcStore.builder().url(url).poolSize(3).build();
    }

    /** Result of one launcher run. */
    record Run(int code, String out, String err) {
    }

    /** Runs {@code tinode ARGS... <this database's options>} in-process. */
    Run tinode(String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        all.addAll(args);
        return run(all.toArray(String[]::new));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TinodeMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return kind;
    }

    /** Drops the server database (H2's goes with the temporary folder). */
    void drop() throws IOException {
        if (dbName == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + dbName + (kind.equals("postgres") ? " WITH (FORCE)" : ""));
        } catch (java.sql.SQLException e) {
            throw new IOException("could not drop test database " + dbName, e);
        }
    }
}

package io.github.tinodej.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own (Debian's {@code mariadbd}, a fresh data directory, a free
 * port), so a test can stop, kill and restart a real database without touching the shared one
 * other tests use at the same moment. About 4 s to create, 1-2 s per start.
 */
final class PrivateMariaDb implements AutoCloseable {
    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    /** Small logs and buffers: the data is tiny and the box is shared. */
    private static final List<String> SIZES = List.of("--innodb-log-file-size=8M", "--innodb-buffer-pool-size=16M");

    private final Path dir;
    private final int port;
    private Process process;

    /** True where Debian's MariaDB server binaries are installed. */
    static boolean available() {
        return Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB);
    }

    /** Creates a data directory under {@code dir} and starts the server. */
    PrivateMariaDb(Path dir) throws Exception {
        this.dir = dir;
        List<String> install = new ArrayList<>(List.of(INSTALL_DB.toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=normal", "--skip-test-db"));
        install.addAll(SIZES);
        install.addAll(asUser());
        Process p = new ProcessBuilder(install).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed:\n" + out);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        start();
    }

    /** mariadbd refuses to run as root unless told to. */
    private static List<String> asUser() {
        return "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
    }

    /** A JDBC URL for database {@code test} (created on first use). */
    String url() {
        return "jdbc:mysql://127.0.0.1:" + port + "/test?user=root&createDatabaseIfNotExist=true&sslMode=DISABLED"
                + "&connectTimeout=1000";
    }

    /** Starts the server and returns once it accepts connections. */
    void start() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(MARIADBD.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
                "--pid-file=" + dir.resolve("pid")));
        cmd.addAll(SIZES);
        cmd.addAll(asUser());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // Without --log-error the server logs to stderr; "ready for connections" is its cue.
        CompletableFuture<Void> ready = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Process p = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("ready for connections")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // Process gone.
            }
            ready.completeExceptionally(new IllegalStateException("mariadbd exited"));
        }, "mariadbd-log");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (log) {
                throw new IllegalStateException("mariadbd did not start:\n" + log, e);
            }
        }
    }

    /** SIGTERM: a clean shutdown; returns once the process is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** SIGKILL: no flush, no goodbye to clients; InnoDB recovers at the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Client connections the server has open, not counting the one asking. */
    int clientConnections() throws Exception {
        try (Connection c = DriverManager.getConnection(url());
             ResultSet r = c.createStatement().executeQuery("select count(*) from information_schema.processlist "
                     + "where id <> connection_id() and user = 'root'")) {
            r.next();
            return r.getInt(1);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            // The data is thrown away with the test's temporary directory: no need to be gentle.
            kill();
        }
    }
}

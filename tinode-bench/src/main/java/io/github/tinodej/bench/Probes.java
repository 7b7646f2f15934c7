package io.github.tinodej.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Calibration probes measured in the same run as the scenarios, so figures can be read as ratios
 * on a noisy shared machine: raw loopback TCP, raw bcrypt, raw JDBC inserts and page queries.
 */
final class Probes {
    private Probes() {
    }

    /** Loopback ping-pong of 100-byte messages: round trips per second and latency. */
    static Result tcpPingPong(int rounds) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream());
                     DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
                    s.setTcpNoDelay(true);
                    byte[] buf = new byte[100];
                    while (true) {
                        in.readFully(buf);
                        out.write(buf);
                        out.flush();
                    }
                } catch (Exception e) {
                    // Done.
                }
            }, "probe-echo");
            echo.setDaemon(true);
            echo.start();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 DataInputStream in = new DataInputStream(c.getInputStream());
                 DataOutputStream out = new DataOutputStream(c.getOutputStream())) {
                c.setTcpNoDelay(true);
                byte[] buf = new byte[100];
                Histogram h = new Histogram(3);
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    out.write(buf);
                    out.flush();
                    in.readFully(buf);
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                return new Result("probe.tcp_pingpong", rounds / secs, "round trips/s", h);
            }
        }
    }

    /** bcrypt at Tinode's default cost, single thread: checks per second. */
    static Result bcrypt(int checks) {
        byte[] hash = BCrypt.withDefaults().hash(10, "password-123".getBytes());
        long start = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            BCrypt.verifyer().verify("password-123".getBytes(), hash);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result("probe.bcrypt_cost10_1core", checks / secs, "checks/s", null);
    }

    /**
     * Committed single-row inserts into an H2 file (the server's default store settings), then
     * history-page queries (the newest 24 messages of a topic) over the rows just written.
     */
    static List<Result> jdbc(Path dir, int rows) throws Exception {
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("probe") + ";WRITE_DELAY=0")) {
            c.createStatement().execute("create table if not exists m (topic varchar(32), seq int, content varchar, "
                    + "primary key (topic, seq))");
            c.createStatement().execute("delete from m");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into m values (?, ?, ?)")) {
                Histogram h = new Histogram(3);
                long start = System.nanoTime();
                for (int i = 0; i < rows; i++) {
                    long t0 = System.nanoTime();
                    p.setString(1, "t" + (i % 10));
                    p.setInt(2, i);
                    p.setString(3, "x".repeat(100));
                    p.executeUpdate();
                    c.commit();
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                List<Result> out = new ArrayList<>();
                out.add(new Result("probe.jdbc_h2_insert_commit", rows / secs, "rows/s", h));
                out.add(pageQuery(c, rows));
                return out;
            }
        }
    }

    private static Result pageQuery(Connection c, int queries) throws Exception {
        try (PreparedStatement q = c.prepareStatement(
                "select seq, content from m where topic = ? and seq < ? order by seq desc limit 24")) {
            Histogram h = new Histogram(3);
            long rows = 0;
            long start = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                q.setString(1, "t" + (i % 10));
                q.setInt(2, queries - i);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows += rs.getString(2).length() > 0 ? 1 : 0;
                    }
                }
                h.recordValue((System.nanoTime() - t0) / 1000);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            if (rows == 0) {
                throw new IllegalStateException("page query probe read nothing");
            }
            return new Result("probe.jdbc_h2_page_query_24", queries / secs, "queries/s", h);
        }
    }
}

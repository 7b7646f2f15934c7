package io.github.tinodej.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
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

    /**
     * Raw loopback fan-out: one thread writes each 100-byte message to {@code members} sockets in
     * turn, one selector thread reads them all; a message is complete when every socket has it.
     * The floor under any WebSocket fan-out on this machine (one write per socket per message).
     */
    static Result tcpFanOut(int members, int messages) throws Exception {
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open();
             java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), members);
            List<java.nio.channels.SocketChannel> receivers = new ArrayList<>();
            List<java.nio.channels.SocketChannel> senders = new ArrayList<>();
            try {
                for (int i = 0; i < members; i++) {
                    java.nio.channels.SocketChannel r = java.nio.channels.SocketChannel.open(server.getLocalAddress());
                    r.configureBlocking(false);
                    r.register(selector, java.nio.channels.SelectionKey.OP_READ);
                    receivers.add(r);
                    java.nio.channels.SocketChannel s = server.accept();
                    s.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    senders.add(s);
                }
                java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
                Thread reader = new Thread(() -> {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(64 * 1024);
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            selector.select(100);
                            for (java.nio.channels.SelectionKey k : selector.selectedKeys()) {
                                buf.clear();
                                int n = ((java.nio.channels.SocketChannel) k.channel()).read(buf);
                                if (n > 0) {
                                    received.addAndGet(n);
                                }
                            }
                            selector.selectedKeys().clear();
                        }
                    } catch (java.io.IOException e) {
                        // Sockets closed at the end of the probe.
                    }
                }, "probe-fanout-reader");
                reader.setDaemon(true);
                reader.start();
                java.nio.ByteBuffer msg = java.nio.ByteBuffer.wrap(new byte[100]);
                Histogram h = new Histogram(3);
                long start = System.nanoTime();
                for (int m = 0; m < messages; m++) {
                    long t0 = System.nanoTime();
                    for (java.nio.channels.SocketChannel s : senders) {
                        java.nio.ByteBuffer b = msg.duplicate();
                        while (b.hasRemaining()) {
                            s.write(b);
                        }
                    }
                    long want = (long) (m + 1) * members * 100;
                    long deadline = t0 + 30_000_000_000L;
                    while (received.get() < want && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                reader.interrupt();
                return new Result("probe.tcp_fanout_" + members, (double) members * messages / secs, "frames/s", h);
            } finally {
                for (java.nio.channels.SocketChannel c : receivers) {
                    c.close();
                }
                for (java.nio.channels.SocketChannel c : senders) {
                    c.close();
                }
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

    /** The store's message insert, verbatim. */
    static final String INSERT_MESSAGE =
            "insert into messages (topic, seqid, createdat, fromuid, head, content, delid) values (?, ?, ?, ?, ?, ?, ?)";
    /** The SQL the store runs for one history page of a subscriber (soft deletions excluded). */
    static final String PAGE_QUERY = "select topic, seqid, createdat, fromuid, head, content, delid from messages m"
            + " where topic = ? and delid = 0 and seqid < ? and not exists (select 1 from dellog dl"
            + " where dl.topic = ? and dl.deletedfor = ? and m.seqid >= dl.low"
            + " and m.seqid < case when dl.hi = 0 then dl.low + 1 else dl.hi end)"
            + " order by topic desc, seqid desc limit 24";

    /**
     * Committed single-row inserts into the server's {@code messages} table on the database of the
     * run, then 24-message history pages over the rows just written, with the store's own SQL.
     */
    static List<Result> jdbc(BenchDb db, int rows) throws Exception {
        db.migrate();
        try (Connection c = db.connect()) {
            c.createStatement().execute("delete from messages where topic like 'probe%'");
            c.setAutoCommit(false);
            int topics = 10;
            String content = "\"" + "x".repeat(98) + "\"";
            try (PreparedStatement p = c.prepareStatement(INSERT_MESSAGE)) {
                Histogram h = new Histogram(3);
                long start = System.nanoTime();
                for (int i = 0; i < rows; i++) {
                    long t0 = System.nanoTime();
                    p.setString(1, "probe" + (i % topics));
                    p.setInt(2, i / topics + 1);
                    db.setTime(p, 3, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
                    p.setLong(4, 1);
                    p.setString(5, null);
                    p.setString(6, content);
                    p.setInt(7, 0);
                    p.executeUpdate();
                    c.commit();
                    h.recordValue((System.nanoTime() - t0) / 1000);
                }
                double secs = (System.nanoTime() - start) / 1e9;
                List<Result> out = new ArrayList<>();
                out.add(new Result("probe.jdbc_" + db.kind() + "_insert_commit", rows / secs, "rows/s", h));
                c.setAutoCommit(true);
                List<String> names = new ArrayList<>();
                for (int t = 0; t < topics; t++) {
                    names.add("probe" + t);
                }
                out.add(pageQuery(db, c, names, rows / topics, Math.max(rows, 2_000), "probe.jdbc_" + db.kind()
                        + "_page_query_24"));
                c.createStatement().execute("delete from messages where topic like 'probe%'");
                return out;
            }
        }
    }

    /** The page-query probe on histories already in the database (S5's seeded topics). */
    static Result pageQuery(BenchDb db, List<String> topics, int perTopic, int queries) throws Exception {
        try (Connection c = db.connect()) {
            return pageQuery(db, c, topics, perTopic, queries, "probe.jdbc_" + db.kind() + "_page_query_24_on_"
                    + topics.size() + "_topics_x_" + perTopic);
        }
    }

    private static Result pageQuery(BenchDb db, Connection c, List<String> topics, int perTopic, int queries,
            String name) throws Exception {
        try (PreparedStatement q = c.prepareStatement(PAGE_QUERY)) {
            java.util.Random rnd = new java.util.Random(1);
            Histogram h = new Histogram(3);
            long start = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                String topic = topics.get(rnd.nextInt(topics.size()));
                q.setString(1, topic);
                q.setInt(2, 25 + rnd.nextInt(perTopic - 23));
                q.setString(3, topic);
                q.setLong(4, 2);
                int rows = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows += rs.getString(6).isEmpty() ? 0 : 1;
                    }
                }
                if (rows != 24) {
                    throw new IllegalStateException("page query probe read " + rows + " rows, not 24");
                }
                h.recordValue((System.nanoTime() - t0) / 1000);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new Result(name, queries / secs, "queries/s", h);
        }
    }
}

package io.github.tinodej.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder in front of a database that a test can cut (every connection dropped, new ones
 * refused) and restore: a database outage without touching the database. In front of MySQL or
 * MariaDB it can also lose the answer to a COMMIT: the database commits, the client sees the
 * connection drop instead of the OK (an ambiguous commit). It can also blackhole: connections
 * stay up but nothing gets through.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger commitRepliesToDrop = new AtomicInteger();
    private final AtomicInteger commitRepliesDropped = new AtomicInteger();
    private volatile boolean up = true;
    private volatile boolean blackholed;
    private volatile boolean closed;

    CuttableProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    void cut() {
        up = false;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    void restore() {
        up = true;
        blackholed = false;
    }

    /**
     * Keeps every connection open and accepts new ones, but forwards nothing either way until
     * {@link #restore()}: a network that drops packets instead of resetting connections, where
     * only a timeout ends a wait.
     */
    void blackhole() {
        blackholed = true;
    }

    /**
     * The next {@code n} COMMITs (MySQL protocol) are forwarded, but the database's answer is
     * thrown away and both sides of that connection are closed.
     */
    void dropCommitReplies(int n) {
        commitRepliesToDrop.addAndGet(n);
    }

    /** How many COMMIT answers were thrown away so far. */
    int commitRepliesDropped() {
        return commitRepliesDropped.get();
    }

    /** Live forwarded connections (each is a client socket and an upstream socket). */
    int connections() {
        return open.size() / 2;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (!up) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 2000);
                open.add(client);
                open.add(upstream);
                Link link = new Link();
                pump(client, upstream, link, true);
                pump(upstream, client, link, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One client connection: its MySQL packet parser (client to server) and whether the next answer is lost. */
    private final class Link {
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        volatile boolean swallowAnswer;

        /** Reads the client's packets; a COM_QUERY "commit" arms the loss of the server's answer. */
        void fromClient(byte[] buf, int n) {
            pending.write(buf, 0, n);
            byte[] b = pending.toByteArray();
            int pos = 0;
            // Packet: 3-byte little-endian payload length, sequence id, payload.
            while (b.length - pos >= 4) {
                int len = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16;
                if (b.length - pos - 4 < len) {
                    break;
                }
                if (len > 1 && b[pos + 4] == 0x03 && "commit".equalsIgnoreCase(
                        new String(b, pos + 5, len - 1, java.nio.charset.StandardCharsets.US_ASCII).trim())
                        && commitRepliesToDrop.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                    swallowAnswer = true;
                }
                pos += 4 + len;
            }
            pending.reset();
            pending.write(b, pos, b.length - pos);
        }
    }

    private void pump(Socket from, Socket to, Link link, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (blackholed) {
                        // Lost on the way; nobody is told.
                        continue;
                    }
                    if (fromClient) {
                        // Parsed before forwarding, so the answer cannot overtake the flag.
                        link.fromClient(buf, n);
                    } else if (link.swallowAnswer) {
                        // The database has committed and answered; the client never hears it.
                        commitRepliesDropped.incrementAndGet();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Connection cut.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        server.close();
    }
}

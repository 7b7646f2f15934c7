package io.github.tinodej.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lean WebSocket client for the load generator: one or a few selector threads carry every
 * connection, so tens of thousands of idle sessions cost no threads, and a connect is a socket,
 * one request and one response (the JDK client spends ~1.8 ms of CPU per connect and {@code hi},
 * five times what the server spends, so a session-setup scenario measured the driver).
 * Connections are {@link NioWsConn}s; requests and replies go through {@link ProtocolConn}.
 */
final class NioWsClient implements AutoCloseable {
    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /** Starts {@code threads} selector threads (daemons, so a forgotten client cannot hold the JVM). */
    NioWsClient(int threads) throws IOException {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop("bench-nio-ws-" + i);
        }
    }

    /**
     * Opens a session to {@code host} ("address:port") at Tinode's {@code /v0/channels} with the
     * bench's API key; returns once the server has accepted the upgrade.
     */
    NioWsConn open(String host) throws Exception {
        int colon = host.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(host.substring(0, colon),
                Integer.parseInt(host.substring(colon + 1)));
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        NioWsConn c = new NioWsConn(loop, host, "/v0/channels?apikey=" + WireConn.KEY);
        c.connect(address);
        c.awaitOpen(30, TimeUnit.SECONDS);
        return c;
    }

    /** Stops the selector threads and closes every connection they still carry. */
    @Override
    public void close() {
        for (Loop l : loops) {
            l.stop();
        }
    }

    /**
     * One selector thread with what its connections share: a read buffer (so an idle session holds
     * no buffer of its own) and the SHA-1 that checks handshakes.
     */
    static final class Loop implements Runnable {
        /** Large enough that a typical read brings every frame waiting on the socket. */
        private static final int READ_BUFFER = 64 * 1024;
        final Selector selector;
        private final Thread thread;
        private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
        private final MessageDigest sha1;
        private volatile boolean running = true;

        Loop(String name) throws IOException {
            selector = Selector.open();
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        boolean inLoop() {
            return Thread.currentThread() == thread;
        }

        /**
         * Makes the selector see a registration or interest change made by another thread: until
         * it wakes, it waits on the set of sockets it had.
         */
        void wakeup() {
            if (!inLoop()) {
                selector.wakeup();
            }
        }

        /** The handshake digest; used on the loop thread only. */
        MessageDigest sha1() {
            return sha1;
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    // The consumer form walks the ready keys without building a selected-key set.
                    selector.select(this::ready);
                }
            } catch (IOException | RuntimeException e) {
                // The selector itself failed: every connection on it is lost, and says so below.
                System.err.println(thread.getName() + " stopped: " + e);
            } finally {
                for (SelectionKey k : selector.keys()) {
                    if (k.attachment() instanceof NioWsConn c) {
                        c.fail(new IOException("client stopped"));
                    }
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // Nothing is left to release.
                }
            }
        }

        private void ready(SelectionKey k) {
            NioWsConn c = (NioWsConn) k.attachment();
            try {
                int ops = k.readyOps();
                if ((ops & SelectionKey.OP_CONNECT) != 0) {
                    c.connected();
                }
                if ((ops & SelectionKey.OP_WRITE) != 0 && k.isValid()) {
                    c.flush();
                }
                if ((ops & SelectionKey.OP_READ) != 0 && k.isValid()) {
                    c.readable(readBuffer);
                }
            } catch (Exception e) {
                // One broken connection (or a reply its listener could not take) must not stop
                // the thread that carries all the others.
                c.fail(e);
            }
        }
    }
}

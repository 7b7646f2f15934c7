package io.github.tinodej.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket session of {@link NioWsClient}: the HTTP/1.1 upgrade, then RFC 6455 frames. Frames
 * are written by the thread that sends them, straight to the socket, so a request costs no hand-off;
 * only what the socket does not take at once waits in a queue for the selector thread. Everything
 * read (the upgrade response, replies, pings, the close) is handled on the selector thread.
 */
final class NioWsConn extends ProtocolConn implements WsFrames.Sink {
    /** RFC 6455 4.2.2: the accept value is the base64 SHA-1 of the key and this GUID. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Larger than any frame a Tinode server sends (its own limit is on what it reads). */
    private static final int MAX_MESSAGE = 64 << 20;
    private final NioWsClient.Loop loop;
    private final String host;
    private final String path;
    private final String key;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final WsFrames.Decoder decoder = new WsFrames.Decoder(MAX_MESSAGE);
    private SocketChannel channel;
    private volatile SelectionKey selection;
    /** The upgrade response read so far; null once the connection is upgraded. Selector thread only. */
    private byte[] response = new byte[0];
    /** Frames the socket did not take at once, oldest first; null while none waited yet. Guarded by this. */
    private ArrayDeque<ByteBuffer> queue;
    /** Closed for good, by either side. Guarded by this. */
    private boolean done;
    private volatile long pongs;
    /** Frames that had to wait in the queue, for tests. Guarded by this. */
    private long queued;

    NioWsConn(NioWsClient.Loop loop, String host, String path) {
        this.loop = loop;
        this.host = host;
        this.path = path;
        // The key is a nonce that proves the answer comes from a WebSocket server, not a secret.
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    /** Starts a non-blocking connect; the selector thread completes it and sends the upgrade. */
    void connect(InetSocketAddress address) throws IOException {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            // Requests are single small frames a caller waits on: Nagle would only delay them.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean now = channel.connect(address);
            // Registered with no interest first, so that the key is stored before the selector
            // thread can act on it.
            selection = channel.register(loop.selector, 0, this);
            if (now) {
                selection.interestOps(SelectionKey.OP_READ);
                sendUpgrade();
            } else {
                selection.interestOps(SelectionKey.OP_CONNECT);
            }
            loop.wakeup();
        } catch (IOException e) {
            fail(e);
            throw e;
        }
    }

    void awaitOpen(long timeout, TimeUnit unit) throws Exception {
        try {
            opened.get(timeout, unit);
        } catch (TimeoutException e) {
            fail(new IOException("no upgrade within " + timeout + " " + unit));
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** Pongs sent in answer to the server's pings, for tests. */
    long pongs() {
        return pongs;
    }

    /** Frames that waited in the write queue because the socket did not take them at once, for tests. */
    synchronized long queued() {
        return queued;
    }

    /** Selector thread: the TCP connection is up. */
    void connected() throws IOException {
        channel.finishConnect();
        selection.interestOps(SelectionKey.OP_READ);
        sendUpgrade();
    }

    private void sendUpgrade() throws IOException {
        send(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    void transmit(String frame) throws IOException {
        send(WsFrames.clientFrame(WsFrames.TEXT, frame.getBytes(StandardCharsets.UTF_8),
                ThreadLocalRandom.current().nextInt()));
    }

    /**
     * Writes one whole frame (or the upgrade request) from any thread. Frames never interleave: each
     * is written whole before the next, under this connection's lock.
     */
    private void send(ByteBuffer b) throws IOException {
        synchronized (this) {
            if (done) {
                throw new IOException("connection closed");
            }
            if (queue != null && !queue.isEmpty()) {
                queue.add(b);
                queued++;
                return;
            }
            channel.write(b);
            if (!b.hasRemaining()) {
                return;
            }
            // The socket buffer is full (a large frame, or a reader slower than us): the rest waits
            // for the selector to say the socket can take more.
            if (queue == null) {
                queue = new ArrayDeque<>();
            }
            queue.add(b);
            queued++;
            selection.interestOpsOr(SelectionKey.OP_WRITE);
        }
        loop.wakeup();
    }

    /** Selector thread: the socket can take more of the queue. */
    void flush() throws IOException {
        synchronized (this) {
            while (queue != null && !queue.isEmpty()) {
                ByteBuffer head = queue.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    return;
                }
                queue.poll();
            }
            if (!done) {
                selection.interestOpsAnd(~SelectionKey.OP_WRITE);
            }
        }
    }

    /** Selector thread: reads what the socket has, through the loop's shared buffer. */
    void readable(ByteBuffer buf) throws IOException {
        while (true) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                fail(new EOFException(response != null ? "connection closed during the upgrade"
                        : "connection closed by the server without a close frame"));
                return;
            }
            int off = response != null ? upgradeResponse(buf.array(), n) : 0;
            if (off < 0) {
                return;
            }
            try {
                decoder.feed(buf.array(), off, n - off, this);
            } catch (ProtocolException e) {
                // RFC 6455 7.1.7: fail the connection, telling the server why if it still listens.
                sendClose(WsFrames.CLOSE_PROTOCOL_ERROR);
                fail(e);
                return;
            }
            // A full buffer means more may be waiting; anything less was all there was.
            if (n < buf.capacity() || isDone()) {
                return;
            }
        }
    }

    /**
     * Collects the upgrade response and checks it once its headers are complete. Returns where
     * the first frame starts in {@code b}, or -1 while the headers are incomplete or refused.
     */
    private int upgradeResponse(byte[] b, int n) throws IOException {
        int before = response.length;
        response = Arrays.copyOf(response, before + n);
        System.arraycopy(b, 0, response, before, n);
        for (int i = Math.max(0, before - 3); i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                String head = new String(response, 0, i, StandardCharsets.ISO_8859_1);
                response = null;
                String refused = checkUpgrade(head);
                if (refused != null) {
                    fail(new IOException("WebSocket upgrade refused: " + refused));
                    return -1;
                }
                opened.complete(null);
                return i + 4 - before;
            }
        }
        if (response.length > 16 * 1024) {
            fail(new IOException("no end to the upgrade response's headers"));
        }
        return -1;
    }

    /** RFC 6455 4.1, the client's checks of the server's handshake; null if it is good. */
    private String checkUpgrade(String head) {
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            return lines[0];
        }
        String expected = Base64.getEncoder().encodeToString(
                loop.sha1().digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        boolean upgrade = false;
        boolean connection = false;
        boolean accept = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value.equalsIgnoreCase("websocket");
                case "connection" -> connection = value.toLowerCase(Locale.ROOT).contains("upgrade");
                case "sec-websocket-accept" -> accept = value.equals(expected);
                // This client asked for no extension, so it cannot read frames that use one.
                case "sec-websocket-extensions" -> {
                    return "unrequested extension " + value;
                }
                default -> { }
            }
        }
        return !upgrade || !connection ? "no Upgrade: websocket / Connection: Upgrade"
                : !accept ? "wrong or missing Sec-WebSocket-Accept" : null;
    }

    @Override
    public void message(String text) {
        dispatch(text);
    }

    @Override
    public void ping(byte[] payload) {
        try {
            send(WsFrames.clientFrame(WsFrames.PONG, payload, ThreadLocalRandom.current().nextInt()));
            pongs++;
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void serverClose(int code, String reason) {
        // RFC 6455 5.5.1: answer with a close frame (echoing the code), then the server drops the
        // TCP connection; this side does not wait for that, the session is over either way.
        sendClose(code == WsFrames.CLOSE_NO_STATUS ? -1 : code);
        fail(new IOException("closed by the server: " + code + " " + reason));
    }

    /** Sends a close frame with {@code code} (none if negative); a connection already gone is fine. */
    private void sendClose(int code) {
        byte[] payload = code < 0 ? new byte[0] : new byte[] {(byte) (code >>> 8), (byte) code};
        try {
            send(WsFrames.clientFrame(WsFrames.CLOSE, payload, ThreadLocalRandom.current().nextInt()));
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private synchronized boolean isDone() {
        return done;
    }

    /**
     * Ends the session at once without a close handshake, as {@code WebSocket.abort()} did for
     * {@link WireConn}: the server sees the socket close. Requests still waiting fail.
     */
    @Override
    void close() {
        fail(new IOException("closed by the driver"));
    }

    /** Ends the connection (once) and fails what waits on it: the open, pending requests. */
    void fail(Throwable cause) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            queue = null;
        }
        SelectionKey k = selection;
        if (k != null) {
            k.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // The socket is gone either way.
        }
        // A channel closed off the selector thread keeps its descriptor until the selector next
        // wakes; waking it now keeps thousands of closed sessions from holding files.
        loop.wakeup();
        opened.completeExceptionally(cause);
        closed(cause);
    }
}

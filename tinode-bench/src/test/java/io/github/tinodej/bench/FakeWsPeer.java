package io.github.tinodej.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted WebSocket server on a blocking socket, for what a Tinode server never does on its own:
 * fragmented messages, pings with a payload at a chosen moment, a refused or forged handshake.
 * The test thread drives it step by step.
 */
final class FakeWsPeer implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private final ServerSocket listener;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    FakeWsPeer() throws IOException {
        this(0);
    }

    /** With {@code receiveBuffer} above zero, accepted sockets take no more than that unread. */
    FakeWsPeer(int receiveBuffer) throws IOException {
        listener = new ServerSocket();
        if (receiveBuffer > 0) {
            // Set before bind so that the accepted socket's window is small from the start.
            listener.setReceiveBufferSize(receiveBuffer);
        }
        listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    }

    String host() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Accepts the client and reads its upgrade request; returns the request's head. */
    String accept() throws IOException {
        socket = listener.accept();
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client left during the upgrade");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The accept value RFC 6455 asks for the key in {@code request}. */
    static String acceptFor(String request) throws Exception {
        Matcher m = KEY.matcher(request);
        if (!m.find()) {
            throw new IOException("no Sec-WebSocket-Key in " + request);
        }
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                (m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    /** Answers the upgrade as a server would (or with {@code accept} forged). */
    void switchProtocols(String accept) throws IOException {
        write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** An unmasked frame as a server sends it (payload under 64 KiB). */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    /** One client frame, unmasked. */
    record ClientFrame(int opcode, boolean fin, byte[] payload) {
    }

    /** Reads the client's next frame; fails if it is not masked, as RFC 6455 5.1 requires it to be. */
    ClientFrame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) == 0) {
            throw new IOException("unmasked client frame");
        }
        long n = b1 & 0x7F;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) n);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new ClientFrame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }

    /** What the client sends after the last frame read: -1 once it has closed the socket. */
    int readByte() throws IOException {
        return in.read();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        listener.close();
    }
}

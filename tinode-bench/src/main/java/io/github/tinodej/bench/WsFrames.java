package io.github.tinodej.bench;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 6455 framing for {@link NioWsConn}: masked frames out, server frames in. The encoder is a
 * pure function; a {@link Decoder} belongs to one connection and reassembles frames from whatever
 * pieces the socket reads hand it (a header split from its payload, several frames in one read,
 * one frame over many reads) and messages from their fragments.
 */
final class WsFrames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** RFC 6455 7.4.1: the endpoint received a frame it cannot make sense of. */
    static final int CLOSE_PROTOCOL_ERROR = 1002;
    /** RFC 6455 7.4.1: a close frame without a status code. */
    static final int CLOSE_NO_STATUS = 1005;

    private WsFrames() {
    }

    /**
     * One whole (FIN) client frame. Clients must mask every frame (RFC 6455 5.3) or the server
     * fails the connection; the key only has to be unpredictable to a script in a browser, which a
     * load generator does not host, so the caller's fast random int serves.
     */
    static ByteBuffer clientFrame(int opcode, byte[] payload, int maskKey) {
        int n = payload.length;
        int head = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] out = new byte[head + 4 + n];
        out[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            out[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            out[1] = (byte) (0x80 | 126);
            out[2] = (byte) (n >>> 8);
            out[3] = (byte) n;
        } else {
            out[1] = (byte) (0x80 | 127);
            // 64-bit length, network order; a Java array never needs the upper four bytes.
            for (int i = 0; i < 4; i++) {
                out[6 + i] = (byte) (n >>> (24 - 8 * i));
            }
        }
        byte[] mask = {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        System.arraycopy(mask, 0, out, head, 4);
        int p = head + 4;
        for (int i = 0; i < n; i++) {
            out[p + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return ByteBuffer.wrap(out);
    }

    /** What a {@link Decoder} found in the stream, called on the thread that feeds it. */
    interface Sink {
        /** A whole text (or binary: the server's JSON either way) message. */
        void message(String text);

        /** A ping, to be answered with a pong carrying the same payload. */
        void ping(byte[] payload);

        /** The server's close frame; nothing after it is read. */
        void serverClose(int code, String reason);
    }

    /** Incremental decoder of the frames one server sends; not thread-safe (the selector thread feeds it). */
    static final class Decoder {
        private final int maxMessage;
        /** Bytes of an incomplete frame kept between reads; null when none, as for every idle session. */
        private byte[] held;
        private int heldLen;
        /** A fragmented message being reassembled; null when none is in progress. */
        private byte[] message;
        private int messageLen;
        private boolean closed;

        /** @param maxMessage largest message accepted, so a broken length cannot take the heap */
        Decoder(int maxMessage) {
            this.maxMessage = maxMessage;
        }

        /** Decodes what {@code buf[off, off+len)} completes; keeps the rest for the next call. */
        void feed(byte[] buf, int off, int len, Sink sink) throws ProtocolException {
            if (closed) {
                return;
            }
            if (heldLen > 0) {
                // Frames are decoded from one array; the held piece is short unless a big frame is
                // arriving, in which case it grows to that frame's size once (doubling).
                if (held.length - heldLen < len) {
                    held = Arrays.copyOf(held, Math.max(heldLen + len, 2 * held.length));
                }
                System.arraycopy(buf, off, held, heldLen, len);
                buf = held;
                off = 0;
                len = heldLen + len;
            }
            int used = decode(buf, off, len, sink);
            int rest = len - used;
            if (rest == 0 || closed) {
                held = null;
                heldLen = 0;
            } else if (buf == held) {
                System.arraycopy(held, used, held, 0, rest);
                heldLen = rest;
            } else {
                held = Arrays.copyOfRange(buf, off + used, off + len);
                heldLen = rest;
            }
        }

        /** Handles every whole frame at the start of the range; returns the bytes they took. */
        private int decode(byte[] b, int off, int len, Sink sink) throws ProtocolException {
            int pos = off;
            int end = off + len;
            while (end - pos >= 2 && !closed) {
                int b0 = b[pos] & 0xFF;
                int b1 = b[pos + 1] & 0xFF;
                if ((b0 & 0x70) != 0) {
                    throw new ProtocolException("reserved bits set, but no extension was negotiated");
                }
                if ((b1 & 0x80) != 0) {
                    throw new ProtocolException("masked frame from the server (RFC 6455 5.1)");
                }
                long n = b1 & 0x7F;
                int head = 2;
                if (n == 126) {
                    if (end - pos < 4) {
                        break;
                    }
                    n = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
                    head = 4;
                } else if (n == 127) {
                    if (end - pos < 10) {
                        break;
                    }
                    n = 0;
                    for (int i = 0; i < 8; i++) {
                        n = (n << 8) | (b[pos + 2 + i] & 0xFF);
                    }
                    head = 10;
                }
                if (n < 0 || n > maxMessage) {
                    throw new ProtocolException("frame of " + n + " bytes, more than " + maxMessage);
                }
                if (end - pos - head < n) {
                    break;
                }
                frame((b0 & 0x80) != 0, b0 & 0x0F, b, pos + head, (int) n, sink);
                pos += head + (int) n;
            }
            return pos - off;
        }

        private void frame(boolean fin, int opcode, byte[] b, int p, int n, Sink sink) throws ProtocolException {
            switch (opcode) {
                case TEXT, BINARY -> {
                    if (message != null) {
                        throw new ProtocolException("new message before the fragmented one ended");
                    }
                    if (fin) {
                        sink.message(new String(b, p, n, StandardCharsets.UTF_8));
                    } else {
                        // Bytes, not text, are collected: a character may be cut between fragments.
                        message = Arrays.copyOfRange(b, p, p + n);
                        messageLen = n;
                    }
                }
                case CONTINUATION -> {
                    if (message == null) {
                        throw new ProtocolException("continuation frame outside a fragmented message");
                    }
                    if (messageLen + (long) n > maxMessage) {
                        throw new ProtocolException("fragmented message longer than " + maxMessage);
                    }
                    if (message.length - messageLen < n) {
                        message = Arrays.copyOf(message, Math.max(messageLen + n, 2 * message.length));
                    }
                    System.arraycopy(b, p, message, messageLen, n);
                    messageLen += n;
                    if (fin) {
                        String text = new String(message, 0, messageLen, StandardCharsets.UTF_8);
                        message = null;
                        messageLen = 0;
                        sink.message(text);
                    }
                }
                case PING, PONG, CLOSE -> {
                    // Control frames may come between fragments but are never fragmented themselves.
                    if (!fin || n > 125) {
                        throw new ProtocolException("fragmented or oversized control frame");
                    }
                    if (opcode == PING) {
                        sink.ping(Arrays.copyOfRange(b, p, p + n));
                    } else if (opcode == CLOSE) {
                        closed = true;
                        int code = n >= 2 ? ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF) : CLOSE_NO_STATUS;
                        String reason = n > 2 ? new String(b, p + 2, n - 2, StandardCharsets.UTF_8) : "";
                        sink.serverClose(code, reason);
                    }
                    // A pong answers nothing this client asked: unsolicited pongs are allowed and ignored.
                }
                default -> throw new ProtocolException("unknown opcode " + opcode);
            }
        }
    }
}

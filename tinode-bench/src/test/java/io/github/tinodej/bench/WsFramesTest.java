package io.github.tinodej.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The frame codec on its own, where every way a stream can be cut is reachable: frames split at
 * every byte, several in one read, all three length encodings, fragments with a ping between them.
 */
class WsFramesTest {

    /** What the decoder reported, in order. */
    private static final class Events implements WsFrames.Sink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void message(String text) {
            seen.add("msg:" + text);
        }

        @Override
        public void ping(byte[] payload) {
            seen.add("ping:" + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void serverClose(int code, String reason) {
            seen.add("close:" + code + ":" + reason);
        }
    }

    /** An unmasked server frame. */
    private static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            out.write(n);
        } else if (n < 65536) {
            out.write(126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write(i >= 4 ? 0 : n >>> (8 * i));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds {@code stream} in pieces of {@code step} bytes, from a buffer reused between calls as the loop's is. */
    private static Events feed(byte[] stream, int step) throws ProtocolException {
        Events e = new Events();
        WsFrames.Decoder d = new WsFrames.Decoder(1 << 20);
        byte[] shared = new byte[step + 3];
        for (int off = 0; off < stream.length; off += step) {
            int n = Math.min(step, stream.length - off);
            // The piece sits at offset 3 and the buffer is scribbled over afterwards: whatever the
            // decoder keeps, it must copy.
            System.arraycopy(stream, off, shared, 3, n);
            d.feed(shared, 3, n, e);
            java.util.Arrays.fill(shared, (byte) 'x');
        }
        return e;
    }

    @Test
    void everyLengthEncoding_andFragments_decodedWhateverTheReadSizes() throws Exception {
        String small = "{\"ctrl\":{\"code\":200}}";
        String medium = "m".repeat(300);
        // Above 64 KiB: the 64-bit length; three-byte characters so that pieces cut them too.
        String large = "€".repeat(30_000);
        byte[] stream = concat(serverFrame(true, WsFrames.TEXT, utf8(small)),
                serverFrame(true, WsFrames.TEXT, utf8(medium)),
                serverFrame(true, WsFrames.TEXT, utf8(large)),
                serverFrame(false, WsFrames.TEXT, utf8("frag-€-1|")),
                serverFrame(true, WsFrames.PING, utf8("between")),
                serverFrame(false, WsFrames.CONTINUATION, utf8("frag-2|")),
                serverFrame(true, WsFrames.PONG, new byte[0]),
                serverFrame(true, WsFrames.CONTINUATION, utf8("frag-3")),
                serverFrame(true, WsFrames.BINARY, utf8("{\"bin\":1}")),
                serverFrame(true, WsFrames.CLOSE, concat(new byte[] {0x03, (byte) 0xE9}, utf8("going away"))),
                serverFrame(true, WsFrames.TEXT, utf8("after the close: never read")));
        List<String> expected = List.of("msg:" + small, "msg:" + medium, "msg:" + large, "ping:between",
                "msg:frag-€-1|frag-2|frag-3", "msg:{\"bin\":1}", "close:1001:going away");
        for (int step : new int[] {1, 2, 3, 7, 125, 1000, 65_536, stream.length}) {
            assertThat(feed(stream, step).seen).as("pieces of " + step + " bytes").isEqualTo(expected);
        }
    }

    @Test
    void closeWithoutCode_reportedAsNoStatus() throws Exception {
        assertThat(feed(serverFrame(true, WsFrames.CLOSE, new byte[0]), 1).seen).containsExactly("close:1005:");
    }

    @Test
    void brokenStreams_protocolErrors() {
        byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a'};
        byte[] reserved = {(byte) 0xC1, 0};
        byte[] strayContinuation = serverFrame(true, WsFrames.CONTINUATION, utf8("x"));
        byte[] newMessageInFragments = concat(serverFrame(false, WsFrames.TEXT, utf8("a")),
                serverFrame(true, WsFrames.TEXT, utf8("b")));
        byte[] fragmentedPing = serverFrame(false, WsFrames.PING, new byte[0]);
        byte[] unknown = serverFrame(true, 0x3, new byte[0]);
        byte[] tooLong = {(byte) 0x81, 127, 0, 0, 0, 0, 0x10, 0, 0, 0};
        for (byte[] s : List.of(masked, reserved, strayContinuation, newMessageInFragments, fragmentedPing, unknown,
                tooLong)) {
            assertThatThrownBy(() -> feed(s, s.length)).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void clientFrames_maskedWithTheRightLength() {
        for (int n : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
            byte[] payload = new byte[n];
            for (int i = 0; i < n; i++) {
                payload[i] = (byte) (i * 31);
            }
            ByteBuffer f = WsFrames.clientFrame(WsFrames.TEXT, payload, 0x12345678);
            assertThat(f.get(0) & 0xFF).isEqualTo(0x81);
            assertThat(f.get(1) & 0x80).as("mask bit").isEqualTo(0x80);
            int len7 = f.get(1) & 0x7F;
            long len;
            int head;
            if (len7 < 126) {
                len = len7;
                head = 2;
            } else if (len7 == 126) {
                len = f.getShort(2) & 0xFFFF;
                head = 4;
            } else {
                len = f.getLong(2);
                head = 10;
            }
            assertThat(len).as("length of " + n).isEqualTo(n);
            assertThat(f.getInt(head)).isEqualTo(0x12345678);
            byte[] mask = {0x12, 0x34, 0x56, 0x78};
            byte[] unmasked = new byte[n];
            for (int i = 0; i < n; i++) {
                unmasked[i] = (byte) (f.get(head + 4 + i) ^ mask[i & 3]);
            }
            assertThat(unmasked).isEqualTo(payload);
            assertThat(f.remaining()).isEqualTo(head + 4 + n);
        }
    }
}

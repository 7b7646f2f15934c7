package io.github.tinodej.transport.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestServers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.java_websocket.framing.TextFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames as they arrive on a real WebSocket (reliability.md IN-01, IN-12): binary frames are read
 * as Go reads them (the bytes as JSON text), and bytes that are not UTF-8 never reach the engine
 * as anything but U+FFFD or a closed connection.
 */
class WsFramesTest {
    private static final String KEY = ApiKeys.DEMO_KEY;
    private TinodeServer server;
    private WsClient c;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.builder().transport(UndertowTransport.builder().host("127.0.0.1").port(0).build())
                .build().start();
        c = WsClient.open(server.port(), "?apikey=" + KEY, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        c.closeBlocking();
        server.close();
    }

    @Test
    void binaryFrameNotJson_malformedAndConnectionKept() throws Exception {
        c.send(new byte[] {0, 1, 2, (byte) 0xFF});
        JsonObject bad = c.ctrl();
        assertThat(bad.get("code").getAsInt()).isEqualTo(400);
        assertThat(bad.has("id")).isFalse();
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(201);
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void largeBinaryFrame_multiByteCharactersAcrossBuffers_decodedWhole() throws Exception {
        // 3-byte characters after a 17-byte prefix: Undertow's 16 KiB buffers cut some in half.
        String id = "€".repeat(30_000);
        c.send(("{\"hi\":{\"id\":\"" + id + "\",\"ver\":\"0.25.3\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(c.ctrl().get("id").getAsString()).isEqualTo(id);
    }

    @Test
    void binaryFrameWithInvalidUtf8_replacedLikeGo() throws Exception {
        byte[] head = "{\"hi\":{\"id\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "b\",\"ver\":\"0.25.3\"}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(head.length + 2 + tail.length).put(head)
                .put((byte) 0xC3).put((byte) 0x28).put(tail);
        c.send(frame.array());
        // Go's decoder turns each invalid byte into U+FFFD; 0x28 is "(".
        assertThat(c.ctrl().get("id").getAsString()).isEqualTo("a\uFFFD(b");
    }

    @Test
    void textFrameWithInvalidUtf8_closed1007() throws Exception {
        TextFrame f = new TextFrame();
        f.setPayload(ByteBuffer.wrap(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        f.setFin(true);
        c.sendFrame(f);
        // RFC 6455 8.1: invalid UTF-8 in a text frame fails the connection. (Go's gorilla/websocket
        // does not check and its JSON decoder substitutes U+FFFD: a documented difference.)
        assertThat(c.awaitClosed()).isTrue();
        assertThat(c.closeCode).isEqualTo(1007);
    }
}

package io.github.tinodej.transport.undertow;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A real-socket test client: frames queue up and reads wait with a timeout. */
class WsClient extends WebSocketClient {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCode = -1;
    volatile String closeReason = "";

    WsClient(URI uri, Map<String, String> headers) {
        super(uri, headers);
    }

    static WsClient open(int port, String query, Map<String, String> headers) throws Exception {
        WsClient c = new WsClient(URI.create("ws://127.0.0.1:" + port + "/v0/channels" + query), headers);
        if (!c.connectBlocking(10, TimeUnit.SECONDS)) {
            throw new AssertionError("could not connect");
        }
        return c;
    }

    String nextRaw() throws InterruptedException {
        String f = frames.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return f;
    }

    JsonObject ctrl() throws InterruptedException {
        JsonObject o = JsonParser.parseString(nextRaw()).getAsJsonObject();
        if (!o.has("ctrl")) {
            throw new AssertionError("expected ctrl, got " + o);
        }
        return o.getAsJsonObject("ctrl");
    }

    boolean awaitClosed() throws InterruptedException {
        return closed.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        frames.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        frames.add("binary:" + bytes.remaining());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode = code;
        closeReason = reason;
        closed.countDown();
    }

    @Override
    public void onError(Exception ex) {
    }
}

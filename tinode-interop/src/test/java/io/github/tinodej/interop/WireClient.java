package io.github.tinodej.interop;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw-protocol WebSocket client for process-level tests (JDK HttpClient, no extra dependency). */
final class WireClient implements WireConnection {
    /** Queued when the connection ends, so a reader fails at once instead of at its timeout. */
    private static final JsonObject GONE = new JsonObject();
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private final StringBuilder partial = new StringBuilder();
    /** The server's close code, or -1 when the connection broke without a close frame. */
    private final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
    /**
     * Set on receipt of {@code {ctrl 205}} without an id. Recorded here rather than by whoever reads
     * the queue: a reader whose next send fails on the closing socket never dequeues the notice.
     */
    private volatile boolean heardShutdown;

    WireClient(int port) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v0/channels?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    String f = partial.toString();
                                    partial.setLength(0);
                                    if (f.startsWith("{")) {
                                        JsonObject frame = JsonParser.parseString(f).getAsJsonObject();
                                        JsonObject ctrl = frame.getAsJsonObject("ctrl");
                                        if (ctrl != null && !ctrl.has("id") && ctrl.get("code").getAsInt() == 205) {
                                            heardShutdown = true;
                                        }
                                        frames.add(frame);
                                    }
                                }
                                w.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                                closed.complete(statusCode);
                                frames.add(GONE);
                                return null;
                            }

                            @Override
                            public void onError(WebSocket w, Throwable error) {
                                closed.complete(-1);
                                frames.add(GONE);
                            }
                        }).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void send(String frame) {
        ws.sendText(frame, true).join();
    }

    /** The next frame with the given key, skipping others; fails at once if the connection is gone. */
    @Override
    public JsonObject next(String kind) throws InterruptedException {
        while (true) {
            JsonObject f = frames.poll(15, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no {" + kind + "} within 15 s");
            }
            if (f == GONE) {
                frames.add(GONE);
                throw new AssertionError("connection closed (" + closed.getNow(null) + ") while waiting for {" + kind + "}");
            }
            if (f.has(kind)) {
                return f.getAsJsonObject(kind);
            }
        }
    }

    /** Polls without failing; null on timeout or once the connection is gone. */
    @Override
    public JsonObject poll(long millis) throws InterruptedException {
        JsonObject f = frames.poll(millis, TimeUnit.MILLISECONDS);
        if (f == GONE) {
            frames.add(GONE);
            return null;
        }
        return f;
    }

    /** Whether the server's {@code {ctrl 205 "server shutdown"}} notice arrived on this connection. */
    @Override
    public boolean heardShutdown() {
        return heardShutdown;
    }

    /** The server's WebSocket close code once the connection ended (-1: broken without one); waits up to 15 s. */
    int closeCode() throws Exception {
        return closed.get(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        ws.abort();
    }
}

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
final class WireClient implements AutoCloseable {
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private final StringBuilder partial = new StringBuilder();

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
                                        frames.add(JsonParser.parseString(f).getAsJsonObject());
                                    }
                                }
                                w.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
    }

    void send(String frame) {
        ws.sendText(frame, true).join();
    }

    /** The next frame with the given key, skipping others. */
    JsonObject next(String kind) throws InterruptedException {
        while (true) {
            JsonObject f = frames.poll(15, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no {" + kind + "} within 15 s");
            }
            if (f.has(kind)) {
                return f.getAsJsonObject(kind);
            }
        }
    }

    /** Polls without failing; null on timeout. */
    JsonObject poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ws.abort();
    }
}

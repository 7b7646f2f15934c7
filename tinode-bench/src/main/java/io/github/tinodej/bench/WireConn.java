package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One load-generator connection: a JDK WebSocket sharing its client (and selector thread) with all
 * others, so thousands of connections cost the generator little. Replies are matched to requests by
 * id; {@code {data}} frames go to a listener.
 */
final class WireConn {
    private static final String KEY = "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";
    private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<JsonObject> onData = d -> { };
    private WebSocket ws;

    static WireConn open(HttpClient client, String host) throws Exception {
        WireConn c = new WireConn();
        c.ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://" + host + "/v0/channels?apikey=" + KEY),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        c.partial.append(data);
                        if (last) {
                            String f = c.partial.toString();
                            c.partial.setLength(0);
                            c.dispatch(f);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        return c;
    }

    private void dispatch(String frame) {
        if (!frame.startsWith("{")) {
            return;
        }
        JsonObject o = JsonParser.parseString(frame).getAsJsonObject();
        if (o.has("data")) {
            onData.accept(o.getAsJsonObject("data"));
            return;
        }
        JsonObject body = o.has("ctrl") ? o.getAsJsonObject("ctrl") : o.has("meta") ? o.getAsJsonObject("meta") : null;
        if (body != null && body.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(body.get("id").getAsString());
            if (f != null) {
                f.complete(body);
            }
        }
    }

    void onData(Consumer<JsonObject> listener) {
        this.onData = listener;
    }

    /** Sends a request whose JSON has {@code "id":"ID"} as a placeholder; completes with its reply. */
    CompletableFuture<JsonObject> request(String frameWithIdPlaceholder) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (this) {
            ws.sendText(frameWithIdPlaceholder.replace("\"ID\"", "\"" + id + "\""), true).join();
        }
        return f;
    }

    JsonObject call(String frame) throws Exception {
        return request(frame).get(60, TimeUnit.SECONDS);
    }

    void close() {
        ws.abort();
    }
}

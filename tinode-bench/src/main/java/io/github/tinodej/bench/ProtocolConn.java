package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One load-generator session, whatever carries it: replies are matched to requests by id and
 * {@code {data}} frames go to a listener.
 */
abstract class ProtocolConn {
    private final Map<String, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<JsonObject> onData = d -> { };
    private volatile Throwable closedBy;

    /** Hands one frame to the transport; returns once it is on its way. */
    abstract void transmit(String frame) throws Exception;

    abstract void close();

    /** One frame from the server. */
    final void dispatch(String frame) {
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

    /** The connection ended: every request still waiting fails with {@code cause}, and later ones at once. */
    final void closed(Throwable cause) {
        closedBy = cause;
        for (String id : pending.keySet()) {
            CompletableFuture<JsonObject> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(cause);
            }
        }
    }

    /** Whether the connection has ended (closed by either side or failed). */
    final boolean isClosed() {
        return closedBy != null;
    }

    final void onData(Consumer<JsonObject> listener) {
        this.onData = listener;
    }

    /** Sends a request whose JSON has {@code "id":"ID"} as a placeholder; completes with its reply. */
    final CompletableFuture<JsonObject> request(String frameWithIdPlaceholder) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        if (closedBy != null) {
            f.completeExceptionally(closedBy);
            return f;
        }
        pending.put(id, f);
        if (closedBy != null && pending.remove(id) != null) {
            // Closed between the check and the put: closed() may have drained already.
            f.completeExceptionally(closedBy);
            return f;
        }
        try {
            transmit(frameWithIdPlaceholder.replace("\"ID\"", "\"" + id + "\""));
        } catch (Exception e) {
            pending.remove(id);
            f.completeExceptionally(e);
        }
        return f;
    }

    final JsonObject call(String frame) throws Exception {
        return request(frame).get(60, TimeUnit.SECONDS);
    }
}

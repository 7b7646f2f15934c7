package io.github.tinodej.interop;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw-protocol long-polling client for process-level tests: a session made by the first
 * request, frames sent one per POST, and a thread that keeps one poll parked and queues what each
 * returns, as the JS SDK does.
 */
final class LpWireClient implements WireConnection {
    /** Queued when the session ends, so a reader fails at once instead of at its timeout. */
    private static final JsonObject GONE = new JsonObject();
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final String url;
    /** How the session ended: the HTTP status that refused a poll, or -1 for a broken connection. */
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final Thread poller;
    private volatile boolean heardShutdown;
    private volatile boolean closed;

    LpWireClient(int port) throws Exception {
        String base = "http://127.0.0.1:" + port + "/v0/channels/lp?apikey=AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("long-polling session not created: " + created.statusCode() + " " + created.body());
        }
        String sid = JsonParser.parseString(created.body()).getAsJsonObject().getAsJsonObject("ctrl")
                .getAsJsonObject("params").get("sid").getAsString();
        url = base + "&sid=" + sid;
        poller = new Thread(this::pollLoop, "lp-poll-" + sid);
        poller.setDaemon(true);
        poller.start();
    }

    private void pollLoop() {
        try {
            while (!closed) {
                HttpResponse<String> r = http.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).get();
                if (r.statusCode() != 200) {
                    ended.complete(r.statusCode());
                    break;
                }
                if (r.body().isEmpty()) {
                    continue; // the poll timed out, or the session drained its last frames
                }
                JsonObject frame = JsonParser.parseString(r.body()).getAsJsonObject();
                JsonObject ctrl = frame.getAsJsonObject("ctrl");
                if (ctrl != null && !ctrl.has("id") && ctrl.get("code").getAsInt() == 205) {
                    heardShutdown = true;
                }
                frames.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            ended.complete(-1);
        }
        ended.complete(-1);
        frames.add(GONE);
    }

    @Override
    public void send(String frame) {
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(frame)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("long-polling send failed", e);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("long-polling send: " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public JsonObject next(String kind) throws InterruptedException {
        while (true) {
            JsonObject f = frames.poll(15, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no {" + kind + "} within 15 s");
            }
            if (f == GONE) {
                frames.add(GONE);
                throw new AssertionError("long-polling session ended (" + ended.getNow(null) + ") while waiting for {" + kind + "}");
            }
            if (f.has(kind)) {
                return f.getAsJsonObject(kind);
            }
        }
    }

    @Override
    public JsonObject poll(long millis) throws InterruptedException {
        JsonObject f = frames.poll(millis, TimeUnit.MILLISECONDS);
        if (f == GONE) {
            frames.add(GONE);
            return null;
        }
        return f;
    }

    @Override
    public boolean heardShutdown() {
        return heardShutdown;
    }

    /** The HTTP status that ended the session (403 once the server dropped it; -1: no answer); waits up to 15 s. */
    int endStatus() throws Exception {
        return ended.get(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}

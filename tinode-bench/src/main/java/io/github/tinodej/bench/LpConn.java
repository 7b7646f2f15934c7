package io.github.tinodej.bench;

import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A long-polling session of the load generator, as Tinode's JavaScript SDK runs one: client
 * messages are POSTed one per request; one poll is always parked and re-issued as soon as it
 * returns, each answer carrying one server message (or nothing when the poll timed out).
 */
final class LpConn extends ProtocolConn {
    private final HttpClient http;
    private final String url;
    private volatile boolean polling = true;
    /** Polls that failed at the HTTP level (the session expired, the server went away). */
    volatile int failedPolls;

    private LpConn(HttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    /** Creates the session on the server and starts polling. */
    static LpConn open(HttpClient http, String host) throws Exception {
        String base = "http://" + host + "/v0/channels/lp?apikey=" + WireConn.KEY;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("long-polling session not created: " + r.statusCode() + " " + r.body());
        }
        String sid = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("ctrl")
                .getAsJsonObject("params").get("sid").getAsString();
        LpConn c = new LpConn(http, base + "&sid=" + sid);
        c.poll();
        return c;
    }

    private void poll() {
        http.sendAsync(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        failedPolls++;
                        return;
                    }
                    if (!r.body().isEmpty()) {
                        dispatch(r.body());
                    }
                    if (polling) {
                        poll();
                    }
                });
    }

    @Override
    void transmit(String frame) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(frame)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("long-polling send failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** Stops re-polling; the parked poll still returns when the server answers it. */
    void stopPolling() {
        polling = false;
    }

    @Override
    void close() {
        stopPolling();
    }
}

package io.github.tinodej.auth.rest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A rest auth service on loopback for tests: answers each endpoint with what the test set
 * ({@code {"err":"unsupported"}} otherwise), records every request, and can hang until closed
 * to provoke timeouts.
 */
final class RestAuthStub implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Function<JsonObject, String>> answers = new ConcurrentHashMap<>();
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    RestAuthStub() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.setExecutor(threads);
        http.start();
    }

    /** The URL to configure as {@code server_url}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/auth/");
    }

    /** Answers {@code endpoint} with this JSON. */
    RestAuthStub on(String endpoint, String json) {
        return on(endpoint, req -> json);
    }

    /** Answers {@code endpoint} with what {@code f} makes of the request. */
    RestAuthStub on(String endpoint, Function<JsonObject, String> f) {
        answers.put(endpoint, f);
        return this;
    }

    /** Answers {@code endpoint} only after {@link #close}: the caller times out first. */
    RestAuthStub hang(String endpoint) {
        return on(endpoint, req -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{}";
        });
    }

    /** Every request received, in order. */
    List<JsonObject> requests() {
        return requests;
    }

    /** The requests to one endpoint. */
    List<JsonObject> requests(String endpoint) {
        return requests.stream().filter(r -> endpoint.equals(r.get("endpoint").getAsString())).toList();
    }

    /** The request paths, in order. */
    List<String> paths() {
        return paths;
    }

    private void handle(HttpExchange ex) throws IOException {
        JsonObject req = JsonParser.parseString(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                .getAsJsonObject();
        requests.add(req);
        paths.add(ex.getRequestURI().getPath());
        String body = answers.getOrDefault(req.get("endpoint").getAsString(), r -> "{\"err\":\"unsupported\"}").apply(req);
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        released.countDown();
        http.stop(0);
        threads.shutdownNow();
    }
}

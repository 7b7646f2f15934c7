package io.github.tinodej.push.stock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** A local HTTP server standing in for FCM, Google's token endpoint and TNPG; records what it receives. */
public final class PushStub implements AutoCloseable {
    /** One request as received (a gzip'd body is unpacked). */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String body, String retryAfter) {
    }

    private final HttpServer server;
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final Map<String, BlockingQueue<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> defaults = new ConcurrentHashMap<>();
    /** Released on close: requests to a hanging path wait for it. */
    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();

    public PushStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next answers for a path, in order; afterwards its default (or 200 "{}"). */
    public void script(String path, Answer... answers) {
        scripts.computeIfAbsent(path, k -> new LinkedBlockingQueue<>()).addAll(List.of(answers));
    }

    public void answerByDefault(String path, String body) {
        defaults.put(path, body);
    }

    /** Requests to this path never get an answer (until close). */
    public void hang(String path) {
        hanging.put(path, true);
    }

    /** The next request to {@code path}, skipping others; fails after 10 s. */
    public Request next(String path) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Request r = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no request to " + path + " within 10 s");
            }
            if (r.path().equals(path)) {
                return r;
            }
        }
    }

    /** The next {@code n} requests to {@code path}. */
    public List<Request> next(String path, int n) throws InterruptedException {
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next(path));
        }
        return out;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] raw = ex.getRequestBody().readAllBytes();
        InputStream in = new ByteArrayInputStream(raw);
        if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(ex.getRequestHeaders());
        received.add(new Request(ex.getRequestMethod(), path, headers, body));
        if (hanging.containsKey(path)) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        BlockingQueue<Answer> q = scripts.get(path);
        Answer a = q == null ? null : q.poll();
        if (a == null) {
            a = new Answer(200, defaults.getOrDefault(path, "{}"), null);
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", a.retryAfter());
        }
        ex.sendResponseHeaders(a.status(), out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

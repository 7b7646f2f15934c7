package io.github.tinodej.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A push gateway that accepts everything at once, in the driver's JVM: with
 * {@code -Dtinodej.bench.push=tnpg} the server under test pushes every event to it through its
 * stock TNPG adapter, so S2 measures what push costs the messaging path, not a remote service.
 */
final class PushStub implements AutoCloseable {
    private static final byte[] OK = "{\"sent_count\":1,\"fail_count\":0,\"resp\":[]}".getBytes(StandardCharsets.UTF_8);
    private final HttpServer http;
    final AtomicLong batches = new AtomicLong();

    PushStub() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-push-stub");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            batches.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, OK.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(OK);
            }
        });
        http.start();
    }

    /** The tinode.conf {@code push} entry pointing the server's TNPG adapter here. */
    String pushConfig() {
        return "\"push\": [{\"name\": \"tnpg\", \"config\": {\"enabled\": true, \"org\": \"bench\", \"token\": \"bench\","
                + " \"endpoint\": \"http://127.0.0.1:" + http.getAddress().getPort() + "\"}}]";
    }

    @Override
    public void close() {
        http.stop(0);
    }
}

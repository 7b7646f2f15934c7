package io.github.tinodej.examples;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.store.jdbc.JdbcStore;
import io.github.tinodej.transport.undertow.UndertowTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The smallest useful embedding: a chat server inside your application on port 6060, keeping
 * accounts and messages in an H2 database under {@code ./data} (without a store the server runs
 * on the in-memory one, and everything is gone when it stops).
 */
public final class EmbeddedExample {
    private EmbeddedExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        byte[] tokenKey = System.getenv().getOrDefault("TOKEN_KEY", "change-me-change-me-change-me-32")
                .getBytes(StandardCharsets.UTF_8);
        JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(Path.of("data"))).build();
        try (TinodeServer server = TinodeServer.builder()
                .store(store)
                .closeOnStop(store)
                .transport(UndertowTransport.builder().port(6060).build())
                .tokenKey(tokenKey)
                .build()
                .start()) {
            System.out.println("chat server on port " + server.port());
            Thread.currentThread().join();
        }
    }
}

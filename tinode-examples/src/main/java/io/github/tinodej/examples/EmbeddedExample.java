package io.github.tinodej.examples;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.transport.undertow.UndertowTransport;

/** The smallest useful embedding: a chat server inside your application, on port 6060. */
public final class EmbeddedExample {
    private EmbeddedExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        byte[] tokenKey = System.getenv().getOrDefault("TOKEN_KEY", "change-me-change-me-change-me-32").getBytes();
        try (TinodeServer server = TinodeServer.builder()
                .transport(UndertowTransport.builder().port(6060).build())
                .tokenKey(tokenKey)
                .build()
                .start()) {
            System.out.println("chat server on port " + server.port());
            Thread.currentThread().join();
        }
    }
}

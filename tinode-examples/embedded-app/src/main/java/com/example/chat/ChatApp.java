package com.example.chat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.client.TinodeClient;
import io.github.tinodej.store.jdbc.JdbcStore;
import io.github.tinodej.transport.LocalTransport;
import io.github.tinodej.transport.undertow.UndertowTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An application with chat built in: Tinode's clients connect on port 6060, accounts and messages
 * live in an H2 database under {@code ./data}, and an echo bot answers whoever writes to it.
 */
public final class ChatApp {
    private ChatApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        byte[] tokenKey = System.getenv().getOrDefault("TOKEN_KEY", "change-me-change-me-change-me-32")
                .getBytes(StandardCharsets.UTF_8);
        JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(Path.of("data"))).build();
        LocalTransport inProcess = new LocalTransport();
        try (TinodeServer server = TinodeServer.builder()
                .store(store)
                .closeOnStop(store)
                .transport(UndertowTransport.builder().port(6060).build())
                .transport(inProcess)
                .tokenKey(tokenKey)
                .build()
                .start();
             TinodeClient bot = TinodeClient.connect(inProcess)) {
            EchoBot.start(bot, "echobot", System.getenv().getOrDefault("BOT_PASSWORD", "echobot-secret"));
            System.out.println("chat on port " + server.port() + "; say hi to " + bot.userId().orElseThrow());
            Thread.currentThread().join();
        }
    }
}

package com.example.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.client.TinodeClient;
import io.github.tinodej.test.TestClient;
import io.github.tinodej.test.TinodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoBotTest {
    @RegisterExtension
    final TinodeExtension tinode = new TinodeExtension();

    @Test
    void botAnswersInTheConversation() {
        try (TinodeClient bot = TinodeClient.connect(tinode.server().transport())) {
            EchoBot.start(bot, "echobot", "echobot-secret");
            String botId = bot.userId().orElseThrow();
            TestClient carol = tinode.newUser("carol");
            carol.subscribe(botId);
            carol.publish(botId, "ping");
            assertThat(carol.awaitData(botId).text()).isEqualTo("ping");
        }
    }
}

package com.example.chat;

import io.github.tinodej.client.Reply;
import io.github.tinodej.client.TinodeClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A bot that answers every message with the same text, in the conversation it came from. */
public final class EchoBot {
    private EchoBot() {
    }

    /**
     * Logs the bot in (creating its account the first time), then echoes. Whoever wants to talk
     * to it writes to the bot's user id; the bot joins the conversation at the first message.
     */
    public static void start(TinodeClient bot, String login, String password) {
        bot.hello().join().orThrow();
        Reply r = bot.loginBasic(login, password).join();
        if (r.code() == 401) {
            bot.createBasicAccount(login, password).join().orThrow();
        } else {
            r.orThrow();
        }
        Set<String> joined = ConcurrentHashMap.newKeySet();
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        bot.onPres(p -> {
            // A message in a conversation the bot is not attached to shows up on 'me': join it,
            // then fetch what was said (listeners must not block, so the steps are chained).
            if (p.topic().equals("me") && p.what().equals("msg") && p.src().isPresent() && joined.add(p.src().get())) {
                String topic = p.src().get();
                bot.subscribe(topic).thenCompose(attached -> bot.getMessages(topic, p.seq()));
            }
        });
        bot.onData(d -> {
            // A message may come both live and in the fetched history: answer each seq once.
            // Listeners run one frame at a time, so this check-then-put is safe.
            Integer before = answered.get(d.topic());
            if (before != null && d.seq() <= before) {
                return;
            }
            answered.put(d.topic(), d.seq());
            if (d.from().isPresent() && !d.from().equals(bot.userId())) {
                bot.publish(d.topic(), d.text());
            }
        });
        bot.subscribe("me").join().orThrow();
    }
}

package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.plugin.FireHose;
import io.github.tinodej.plugin.MessageEvent;
import io.github.tinodej.plugin.Plugin;
import io.github.tinodej.plugin.PluginFilters;
import io.github.tinodej.plugin.PluginSession;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Example of an in-process plugin (no gRPC hop): group chats are moderated before the server
 * stores anything. Blocked words in a plain-text or Drafty message are masked (the plugin
 * replaces the message); a message linking to a banned host is refused with a 403 the client
 * shows; and the message hook counts what each topic published, as an analytics plugin would.
 *
 * <pre>{@code
 * TinodeServer server = TinodeServer.builder()
 *         .plugin(new ModerationPlugin(Set.of("darn"), Set.of("spam.example")))
 *         ...
 * }</pre>
 */
public final class ModerationPlugin implements Plugin {
    private final Pattern blocked;
    private final Set<String> bannedHosts;
    private final Map<String, LongAdder> published = new ConcurrentHashMap<>();

    /**
     * @param blockedWords words masked with asterisks, matched whole and ignoring case
     * @param bannedHosts host names a message may not link to
     */
    public ModerationPlugin(Set<String> blockedWords, Set<String> bannedHosts) {
        this.blocked = blockedWords.isEmpty() ? null : Pattern.compile("\\b(" + String.join("|",
                blockedWords.stream().map(Pattern::quote).toList()) + ")\\b", Pattern.CASE_INSENSITIVE);
        this.bannedHosts = Set.copyOf(bannedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public String name() {
        return "moderation";
    }

    @Override
    public PluginFilters filters() {
        // Tinode's filter syntax: {pub} in group topics through the FireHose; group messages to the hook.
        return PluginFilters.parse("pub;grp", null, null, null, "grp;C", false);
    }

    @Override
    public FireHose fireHose(PluginSession session, String clientMessageJson) {
        JsonObject msg = JsonParser.parseString(clientMessageJson).getAsJsonObject();
        JsonObject pub = msg.getAsJsonObject("pub");
        JsonElement content = pub.get("content");
        String text = text(content);
        if (text == null) {
            return FireHose.pass();
        }
        for (String host : bannedHosts) {
            if (text.toLowerCase(Locale.ROOT).contains("://" + host)) {
                JsonObject ctrl = new JsonObject();
                if (pub.has("id")) {
                    ctrl.add("id", pub.get("id"));
                }
                ctrl.add("topic", pub.get("topic"));
                ctrl.addProperty("code", 403);
                ctrl.addProperty("text", "link to a banned site");
                JsonObject reply = new JsonObject();
                reply.add("ctrl", ctrl);
                return FireHose.respond(reply.toString());
            }
        }
        if (blocked == null || !blocked.matcher(text).find()) {
            return FireHose.pass();
        }
        String masked = mask(text);
        if (content.isJsonPrimitive()) {
            pub.addProperty("content", masked);
        } else {
            // Drafty: masking keeps the length, so the formatting spans still fit.
            content.getAsJsonObject().addProperty("txt", masked);
        }
        return FireHose.replace(msg.toString());
    }

    @Override
    public void message(MessageEvent event) {
        published.computeIfAbsent(event.topic(), t -> new LongAdder()).increment();
    }

    /** Messages each group published since start, from the message hook. */
    public long published(String topic) {
        LongAdder n = published.get(topic);
        return n == null ? 0 : n.sum();
    }

    private String mask(String text) {
        Matcher m = blocked.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "*".repeat(m.group().length()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The text of a string or Drafty content; null for anything else. */
    private static String text(JsonElement content) {
        if (content == null) {
            return null;
        }
        if (content.isJsonPrimitive() && content.getAsJsonPrimitive().isString()) {
            return content.getAsString();
        }
        if (content.isJsonObject() && content.getAsJsonObject().has("txt")
                && content.getAsJsonObject().get("txt").isJsonPrimitive()) {
            return content.getAsJsonObject().get("txt").getAsString();
        }
        return null;
    }
}

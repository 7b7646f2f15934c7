package io.github.tinodej.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message delivered to the client ({@code {data}}).
 *
 * @param topic the topic as this client names it (a p2p topic is the peer's user id)
 * @param from the sender's user id, or empty for a message from the server
 * @param seq the message's number in its topic
 * @param ts when the server stored it
 * @param contentJson the content as JSON: a JSON string for plain text, an object for Drafty
 * @param headJson the message head as a JSON object, or empty when it has none
 */
public record DataEvent(String topic, Optional<String> from, int seq, Instant ts, String contentJson,
        Optional<String> headJson) {

    public DataEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(contentJson, "contentJson");
        Objects.requireNonNull(headJson, "headJson");
    }

    /** The text of the message: the string itself, or a Drafty document's {@code txt}; else empty. */
    public String text() {
        JsonElement c = JsonParser.parseString(contentJson);
        if (c.isJsonPrimitive() && c.getAsJsonPrimitive().isString()) {
            return c.getAsString();
        }
        if (c.isJsonObject() && c.getAsJsonObject().has("txt") && c.getAsJsonObject().get("txt").isJsonPrimitive()) {
            return c.getAsJsonObject().get("txt").getAsString();
        }
        return "";
    }
}

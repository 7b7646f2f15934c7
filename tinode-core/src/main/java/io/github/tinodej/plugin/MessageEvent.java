package io.github.tinodej.plugin;

import java.time.Instant;

/**
 * A message was accepted for delivery: stored and acknowledged (Tinode's {@code pbx.MessageEvent}
 * with the {@code {data}} it carries).
 *
 * @param action CREATE
 * @param topic the topic's name as stored
 * @param fromUserId the sender ({@code usr...}), or "" for a message from the server
 * @param seq the message's seq id
 * @param timestamp when it was stored
 * @param headJson the head as a JSON object, or null
 * @param contentJson the content as JSON
 */
public record MessageEvent(Crud action, String topic, String fromUserId, int seq, Instant timestamp, String headJson,
        String contentJson) {
}

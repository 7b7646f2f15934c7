package io.github.tinodej.model;

import java.time.Instant;

/**
 * A stored message. {@code headJson} and {@code contentJson} are JSON text as published; both are
 * null once the message was hard-deleted (then {@code delId} is the delete transaction that did
 * it). Immutable.
 *
 * @param topic internal topic name
 * @param seq sequence id within the topic, from 1
 * @param created publication time
 * @param from sender, {@link Uid#ZERO} for server-generated messages
 * @param headJson head object as JSON, may be null
 * @param contentJson content as JSON (may be the text {@code null})
 * @param delId the hard-delete transaction id, 0 if not deleted
 */
public record Message(String topic, int seq, Instant created, Uid from, String headJson, String contentJson,
        int delId) {
    public Message {
        from = from == null ? Uid.ZERO : from;
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive: " + seq);
        }
    }
}

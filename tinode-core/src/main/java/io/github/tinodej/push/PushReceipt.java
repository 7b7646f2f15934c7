package io.github.tinodej.push;

import io.github.tinodej.model.Uid;
import java.time.Instant;
import java.util.Map;

/**
 * One push event as Tinode's push SPI describes it: recipients with their delivery state and a
 * payload. Immutable.
 *
 * @param recipients per user: how many sessions saw the event live, and the unread count
 * @param what {@code msg}, {@code sub} or {@code read}
 * @param topic the internal topic name
 * @param from the sender, or null
 * @param ts event time
 * @param seq message seq, 0 if not a message
 * @param silent whether the push should not alert the user
 * @param contentJson the message content as JSON text, or null
 */
public record PushReceipt(Map<Uid, Recipient> recipients, String what, String topic, Uid from, Instant ts,
        int seq, boolean silent, String contentJson) {

    /**
     * @param delivered the number of the user's sessions attached when the event happened
     * @param unread the user's unread count (for badges)
     */
    public record Recipient(int delivered, int unread) {
    }
}

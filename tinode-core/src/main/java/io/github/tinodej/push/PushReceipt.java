package io.github.tinodej.push;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Uid;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One push event as Tinode's push SPI describes it (protocol.md section 11.1): recipients with
 * their delivery state, an optional channel, and a payload. Immutable.
 *
 * @param to per user: how many sessions saw the event live, their devices, and the unread count
 * @param channel the channel ({@code chn...}, an FCM topic) whose readers get the push, or null
 * @param payload what happened
 */
public record PushReceipt(Map<Uid, Recipient> to, String channel, Payload payload) {

    /** {@code what} of a new message. */
    public static final String MSG = "msg";
    /** {@code what} of a new subscription or an invitation. */
    public static final String SUB = "sub";
    /** {@code what} of messages read (clears the badge). */
    public static final String READ = "read";

    /** Copies the recipients, keeping their order. */
    public PushReceipt {
        to = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(to));
        Objects.requireNonNull(payload, "payload");
    }

    /** The same receipt with other recipients. */
    public PushReceipt withRecipients(Map<Uid, Recipient> recipients) {
        return new PushReceipt(recipients, channel, payload);
    }

    /**
     * One user the push is for.
     *
     * @param delivered the number of the user's sessions attached to the topic when the event
     *        happened; adapters make the push silent when it is above zero
     * @param devices device tokens of those sessions: they got the event live and are skipped
     * @param unread the user's unread message count (the iOS badge), kept by the server
     */
    public record Recipient(int delivered, List<String> devices, int unread) {
        /** Copies the device list. */
        public Recipient {
            devices = List.copyOf(devices);
        }

        /** The same recipient with another unread count. */
        public Recipient withUnread(int count) {
            return new Recipient(delivered, devices, count);
        }
    }

    /**
     * The event, as Tinode's {@code push.Payload}.
     *
     * @param what {@link #MSG}, {@link #SUB} or {@link #READ}
     * @param silent whether the push should not alert the user
     * @param topic the topic: the internal name for messages (adapters rewrite p2p names per
     *        recipient), the name as the recipient knows it for {@code sub} and {@code read}
     * @param ts event time
     * @param from the sender or subscriber, or null
     * @param seq message seq ({@code msg}), read id ({@code read}) or the topic's last seq ({@code sub})
     * @param mime the message's {@code head.mime}, or null
     * @param contentJson the message content as JSON text, or null
     * @param webrtc the call state of a call message ({@code head.webrtc}), or null
     * @param audioOnly {@code head.aonly} of a call message
     * @param replace {@code head.replace} of an edit (":seq"), or null
     * @param want the subscription's wanted mode ({@code sub} only), or null
     * @param given the subscription's given mode ({@code sub} only), or null
     */
    public record Payload(String what, boolean silent, String topic, Instant ts, Uid from, int seq, String mime,
            String contentJson, String webrtc, boolean audioOnly, String replace, AccessMode want, AccessMode given) {
        /** Checks the required fields. */
        public Payload {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(ts, "ts");
        }
    }
}

package io.github.tinodej.server;

import java.time.Duration;

/**
 * The protocol limits and policies a server enforces and advertises in {@code {hi}.params}.
 * Immutable; defaults are the values of Tinode's stock {@code tinode.conf}.
 *
 * @param maxMessageSize largest inbound frame in bytes
 * @param maxSubscriberCount most members of a group topic
 * @param maxTagCount most tags per user or topic
 * @param maxFileUploadSize largest upload in bytes, 0 when uploads are disabled
 * @param msgDeleteAge how old a message may be and still be hard-deleted, zero for no limit
 * @param sessionOutboundLimit frames queued to one client before it is disconnected as too slow
 * @param p2pDeleteEnabled whether p2p participants get the {@code D} permission
 */
public record Limits(int maxMessageSize, int maxSubscriberCount, int maxTagCount, long maxFileUploadSize,
        Duration msgDeleteAge, int sessionOutboundLimit, boolean p2pDeleteEnabled) {

    /** Tinode's stock values. */
    public static final Limits STOCK = new Limits(131072, 128, 16, 8L << 20, Duration.ofSeconds(600), 128, true);

    public Limits {
        positive("maxMessageSize", maxMessageSize);
        positive("maxSubscriberCount", maxSubscriberCount);
        positive("maxTagCount", maxTagCount);
        if (maxFileUploadSize < 0) {
            throw new IllegalArgumentException("maxFileUploadSize must not be negative: " + maxFileUploadSize);
        }
        if (msgDeleteAge == null || msgDeleteAge.isNegative()) {
            throw new IllegalArgumentException("msgDeleteAge must not be negative: " + msgDeleteAge);
        }
        positive("sessionOutboundLimit", sessionOutboundLimit);
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }

    public Limits withMaxMessageSize(int v) {
        return new Limits(v, maxSubscriberCount, maxTagCount, maxFileUploadSize, msgDeleteAge, sessionOutboundLimit, p2pDeleteEnabled);
    }

    public Limits withMaxSubscriberCount(int v) {
        return new Limits(maxMessageSize, v, maxTagCount, maxFileUploadSize, msgDeleteAge, sessionOutboundLimit, p2pDeleteEnabled);
    }

    public Limits withMaxTagCount(int v) {
        return new Limits(maxMessageSize, maxSubscriberCount, v, maxFileUploadSize, msgDeleteAge, sessionOutboundLimit, p2pDeleteEnabled);
    }

    public Limits withMaxFileUploadSize(long v) {
        return new Limits(maxMessageSize, maxSubscriberCount, maxTagCount, v, msgDeleteAge, sessionOutboundLimit, p2pDeleteEnabled);
    }

    public Limits withMsgDeleteAge(Duration v) {
        return new Limits(maxMessageSize, maxSubscriberCount, maxTagCount, maxFileUploadSize, v, sessionOutboundLimit, p2pDeleteEnabled);
    }

    public Limits withSessionOutboundLimit(int v) {
        return new Limits(maxMessageSize, maxSubscriberCount, maxTagCount, maxFileUploadSize, msgDeleteAge, v, p2pDeleteEnabled);
    }

    public Limits withP2pDeleteEnabled(boolean v) {
        return new Limits(maxMessageSize, maxSubscriberCount, maxTagCount, maxFileUploadSize, msgDeleteAge, sessionOutboundLimit, v);
    }
}

package io.github.tinodej.push;

/**
 * Delivers push notifications (FCM, TNPG, a host's own channel). The engine hands over one
 * {@link PushReceipt} per event (protocol.md section 11.1).
 *
 * <p>Threading: {@link #push} is called on the engine's push thread (one thread, at the lower
 * priority of the hashing threads, never a thread that handles messages) and must not wait on the
 * network: implementations may read the store and prepare the notification there, then queue the
 * sending (a bounded queue; on overflow drop and count) for threads of their own.
 */
public interface PushProvider {

    /** A short name for logs, e.g. {@code fcm}. */
    String name();

    /** Prepares and queues a notification; must not wait on the network. */
    void push(PushReceipt receipt);

    /**
     * Subscribes or unsubscribes a channel reader's devices to the channel's FCM topic, so channel
     * pushes (sent to the topic, see {@link PushReceipt#channel()}) reach them. Must not block,
     * like {@link #push}. The default ignores it.
     */
    default void channel(ChannelRequest request) {
    }

    /** The provider's counters, published on the monitoring page; the default counts nothing. */
    default PushStats stats() {
        return PushStats.NONE;
    }

    /** Called when the server stops; flush or drop what is queued. */
    default void close() {
    }
}

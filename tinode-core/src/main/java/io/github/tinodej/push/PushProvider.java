package io.github.tinodej.push;

/**
 * Delivers push notifications (FCM, TNPG, a host's own channel). The engine hands over one
 * {@link PushReceipt} per event.
 *
 * <p>Threading: {@link #push} is called on engine threads and must not block: implementations
 * queue the receipt (a bounded queue; on overflow drop and count) and send on their own threads.
 */
public interface PushProvider {

    /** A short name for logs, e.g. {@code fcm}. */
    String name();

    /** Queues a notification; must return at once. */
    void push(PushReceipt receipt);

    /** Called when the server stops; flush or drop what is queued. */
    default void close() {
    }
}

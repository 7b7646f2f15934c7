package io.github.tinodej.transport;

/**
 * The engine side of one client connection, returned by {@link TransportContext#openSession}.
 *
 * <p>Threading: both methods may be called on transport I/O threads; they only enqueue work and
 * return at once. Frames of one connection must be delivered in order and not concurrently.
 */
public interface SessionHandle {

    /** One inbound text frame exactly as received (not yet decoded). */
    void onFrame(String frame);

    /** The connection is gone (closed by either side or failed). Called once; later frames are ignored. */
    void onClose();

    /**
     * The user this session is logged in as, {@link io.github.tinodej.model.Uid#ZERO} before login.
     * Lets HTTP endpoints accept a live session id as credentials, as Tinode does for uploads.
     */
    default io.github.tinodej.model.Uid user() {
        return io.github.tinodej.model.Uid.ZERO;
    }
}

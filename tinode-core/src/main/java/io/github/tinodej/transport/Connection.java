package io.github.tinodej.transport;

/**
 * The transport side of one client connection, implemented by the transport and used by the
 * engine to write frames.
 *
 * <p>Threading: the engine never calls {@link #send} concurrently for one connection, but may call it
 * from any engine thread; {@code send} must not block. {@link #close} may be called from any thread
 * and more than once.
 */
public interface Connection {

    /**
     * Queues one text frame (one complete JSON message, or the probe reply {@code 0}) for writing.
     * {@code done} must be invoked exactly once, on any thread, when the frame has been written or
     * has failed; the engine counts frames in flight through it and disconnects a client whose
     * backlog exceeds the configured cap.
     */
    void send(String frame, Runnable done);

    /** Closes the connection; pending frames may be flushed first. The transport then calls
     * {@link SessionHandle#onClose()}. */
    void close();

    /**
     * Closes the connection for a reason the client should see: WebSocket transports send the
     * close code (1008 policy violation for floods and limits) and reason, others just close.
     * Frames already queued may be flushed first.
     */
    default void close(int code, String reason) {
        close();
    }

    /** The peer's address for logging and rate limiting, never null (may be empty). */
    default String remoteAddress() {
        return "";
    }
}

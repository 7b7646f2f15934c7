package io.github.tinodej.transport;

import java.time.Clock;

/**
 * What the engine offers a {@link Transport}. Implemented by the engine; thread-safe, and every
 * method returns quickly without blocking, so transports may call it on their I/O threads.
 */
public interface TransportContext {

    /**
     * Checks an API key with Tinode's algorithm against the configured salt. A null or empty key is
     * invalid. Transports answer an invalid key with HTTP 403 and
     * {@link io.github.tinodej.protocol.Ctrl#API_KEY_REQUIRED} before opening a session.
     */
    boolean isValidApiKey(String apiKey);

    /** Largest accepted inbound frame in bytes ({@code max_message_size}). */
    int maxMessageSize();

    /**
     * Opens a session for a new client connection.
     *
     * @param connection how the engine writes to this client
     * @param kind the transport kind; long polling changes some replies
     * @return the handle through which the transport delivers frames and the close event
     */
    SessionHandle openSession(Connection connection, SessionKind kind);

    /**
     * Whether a new connection from this client address would be admitted, so a transport can
     * answer HTTP 429 with {@code {ctrl 429 "too many requests"}} before upgrading or creating a
     * session. {@link #openSession} still enforces the cap (closing the session with code 1008).
     */
    default boolean admits(String remoteAddress) {
        return true;
    }

    /**
     * Takes an upload of {@code bytes} from the uploader's allowance (the user, or the client
     * address before login); false when it is used up, answered 429 before the body is read.
     */
    default boolean mayUpload(io.github.tinodej.model.Uid user, String remoteAddress, long bytes) {
        return true;
    }

    /** The server clock, for timestamps in HTTP-level replies. */
    Clock clock();

    /**
     * Readiness, for a probe such as {@code /readyz}: empty when the server takes traffic, else
     * why not (stopping, the store does not answer). May block a few seconds on the store: call
     * it off I/O threads.
     */
    default java.util.Optional<String> notReady() {
        return java.util.Optional.empty();
    }

    /** The server's monitoring counters now, for a status endpoint such as {@code /debug/vars}. */
    default io.github.tinodej.transport.ServerStats stats() {
        return io.github.tinodej.transport.ServerStats.empty();
    }

    /** Where uploads go; empty when file sharing is off. */
    default java.util.Optional<io.github.tinodej.media.MediaStore> media() {
        return java.util.Optional.empty();
    }

    /** The largest accepted upload in bytes ({@code media.max_size}). */
    default long maxUploadSize() {
        return 0;
    }

    /**
     * Checks HTTP-level credentials ({@code X-Tinode-Auth: Token ...} and friends) and returns the
     * active user they identify. May block (password hashing): call it off I/O threads.
     *
     * @throws io.github.tinodej.store.StoreException with the kind that decides the HTTP reply
     */
    default io.github.tinodej.model.Uid authenticate(String scheme, byte[] secret) {
        throw new io.github.tinodej.store.StoreException(io.github.tinodej.store.StoreException.Kind.UNSUPPORTED,
                "authentication not available");
    }

    /**
     * Like {@link #authenticate(String, byte[])} for a client at {@code remoteAddress}: failed
     * passwords (any scheme but {@code token}) count against the login and the address as
     * {@code {login}} failures do ({@link io.github.tinodej.server.RateLimits#loginFailuresPerAccount}),
     * and once those are used up the secret is not even checked and the failure maps to 429.
     * Transports should call this one.
     */
    default io.github.tinodej.model.Uid authenticate(String scheme, byte[] secret, String remoteAddress) {
        return authenticate(scheme, secret);
    }

    /** The ctrl reply for a failure from {@link #authenticate} or the media store. */
    default io.github.tinodej.protocol.Ctrl errorReply(Throwable t) {
        return io.github.tinodej.protocol.Ctrl.INTERNAL;
    }
}

package io.github.tinodej.store;

/**
 * The one unchecked exception SPIs (store, authenticators, media) throw. Its {@link Kind} decides the
 * {@code {ctrl}} reply the client gets; the mapping lives in one place in the engine, mirroring
 * Tinode's {@code decodeStoreError}. Messages must never contain secrets.
 */
public class StoreException extends RuntimeException {
    /** What went wrong, as far as the client is concerned. */
    public enum Kind {
        /** Anything unexpected (database down, bug); 500. */
        INTERNAL,
        /** The request was malformed; 400. */
        MALFORMED,
        /** Authentication failed; 401. */
        AUTH_FAILED,
        /** Permission denied; 403. */
        DENIED,
        /** A unique value (login, validated credential) is taken; 409. */
        DUPLICATE,
        /** Not supported; 501. */
        UNSUPPORTED,
        /** Credential expired; 401. */
        EXPIRED,
        /** Policy violation (weak password, short login); 422. */
        POLICY,
        /** Credentials must be validated first; 300. */
        CREDENTIALS,
        /** No such user; 404. */
        USER_NOT_FOUND,
        /** No such topic; 404. */
        TOPIC_NOT_FOUND,
        /** Some other object not found; 404. */
        NOT_FOUND,
        /** Wrong validation response; 406. */
        INVALID_RESPONSE
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

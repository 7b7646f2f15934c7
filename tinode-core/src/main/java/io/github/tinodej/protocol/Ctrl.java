package io.github.tinodej.protocol;

/**
 * Every {@code {ctrl}} status the server emits, with the exact code and text of Tinode's Go server
 * ({@code server/datamodel.go}). Clients compare the texts literally (the JS SDK matches
 * {@code evicted} and {@code validate credentials}), so these values are frozen by tests.
 *
 * <p>Immutable and thread-safe.
 */
public enum Ctrl {
    OK(200, "ok"),
    CREATED(201, "created"),
    ACCEPTED(202, "accepted"),
    NO_CONTENT(204, "no content"),
    EVICTED(205, "evicted"),
    SHUTDOWN(205, "server shutdown"),
    DELIVERED(208, "delivered"),
    VALIDATE_CREDENTIALS(300, "validate credentials"),
    CHALLENGE(300, "challenge"),
    AUTH_RESET(301, "auth reset"),
    USE_OTHER(303, "use other"),
    ALREADY_SUBSCRIBED(304, "already subscribed"),
    NOT_JOINED(304, "not joined"),
    NO_ACTION(304, "no action"),
    NOT_MODIFIED(304, "not modified"),
    FOUND(307, "found"),
    MALFORMED(400, "malformed"),
    AUTH_REQUIRED(401, "authentication required"),
    AUTH_FAILED(401, "authentication failed"),
    AUTH_UNKNOWN_SCHEME(401, "unknown authentication scheme"),
    PERMISSION_DENIED(403, "permission denied"),
    API_KEY_REQUIRED(403, "valid API key required"),
    SESSION_NOT_FOUND(403, "invalid or expired session"),
    TOPIC_NOT_FOUND(404, "topic not found"),
    USER_NOT_FOUND(404, "user not found"),
    NOT_FOUND(404, "not found"),
    OPERATION_NOT_ALLOWED(405, "operation or method not allowed"),
    INVALID_RESPONSE(406, "invalid response"),
    DISCONNECTED(408, "disconnected"),
    ALREADY_AUTHENTICATED(409, "already authenticated"),
    DUPLICATE_CREDENTIAL(409, "duplicate credential"),
    ATTACH_FIRST(409, "must attach first"),
    ALREADY_EXISTS(409, "already exists"),
    COMMAND_OUT_OF_SEQUENCE(409, "command out of sequence"),
    GONE(410, "gone"),
    TOO_LARGE(413, "too large"),
    POLICY(422, "policy violation"),
    /** Ours, not Tinode's (it has no rate limits): a request over one of the {@code RateLimits}. */
    TOO_MANY_REQUESTS(429, "too many requests"),
    CALL_BUSY(486, "busy here"),
    INTERNAL(500, "internal error"),
    NOT_IMPLEMENTED(501, "not implemented"),
    CLUSTER_UNREACHABLE(502, "cluster unreachable"),
    SERVICE_UNAVAILABLE(503, "service unavailable"),
    LOCKED(503, "locked"),
    VERSION_NOT_SUPPORTED(505, "version not supported");

    private final int code;
    private final String text;

    Ctrl(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The numeric code, also used as the HTTP status where a ctrl is an HTTP response body. */
    public int code() {
        return code;
    }

    /** The exact text clients see. */
    public String text() {
        return text;
    }

    /**
     * A complete {@code {"ctrl":{...}}} frame with no id, topic or params, as the HTTP endpoints send
     * it in error bodies.
     */
    public String toFrame(java.time.Instant ts) {
        return "{\"ctrl\":{\"code\":" + code + ",\"text\":\"" + text + "\",\"ts\":\""
                + WireTime.format(ts) + "\"}}";
    }
}

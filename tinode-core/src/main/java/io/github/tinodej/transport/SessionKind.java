package io.github.tinodej.transport;

/** How a session reaches the server; a few replies differ by kind (a {@code {hi}} over long polling
 * is answered 200 instead of 201). */
public enum SessionKind {
    WEBSOCKET,
    LONG_POLL,
    GRPC,
    LOCAL
}

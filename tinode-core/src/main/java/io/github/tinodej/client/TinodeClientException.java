package io.github.tinodej.client;

/** A request the server refused: carries its {@link Reply}. */
public final class TinodeClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Reply reply;

    TinodeClientException(Reply reply) {
        super(reply.code() + " " + reply.text() + " (request " + reply.id() + ")");
        this.reply = reply;
    }

    /** The refusal. */
    public Reply reply() {
        return reply;
    }
}

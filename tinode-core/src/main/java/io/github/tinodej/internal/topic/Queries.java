package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.protocol.WireTime;
import java.time.Instant;

/** Validation shared by the {@code {get}} handlers of every topic kind. */
final class Queries {
    private Queries() {
    }

    /**
     * The {@code ims} ("if modified since") of a query, or null when absent.
     *
     * @throws IllegalArgumentException when malformed (answered 400)
     */
    static Instant ims(ClientMessage.GetOpts o) {
        return o == null || o.ims == null ? null : WireTime.parse(o.ims);
    }

    /**
     * The {@code ims} of a {@code desc} query, which may not name a user or a limit.
     *
     * @throws IllegalArgumentException when the query is malformed (answered 400)
     */
    static Instant descIms(ClientMessage.GetOpts o) {
        if (o != null && (o.user != null && !o.user.isEmpty() || o.limit != null && o.limit != 0)) {
            throw new IllegalArgumentException("desc query with user or limit");
        }
        return ims(o);
    }
}

package io.github.tinodej;

import io.github.tinodej.transport.SessionKind;
import java.util.Map;

/**
 * A snapshot of the server's counters: the figures Tinode publishes under {@code /debug/vars}
 * ({@code expvar}), what monitoring and leak checks read.
 *
 * @param liveSessions sessions open now, over every transport
 * @param totalSessions sessions opened since start
 * @param liveTopics topics loaded in memory now (including {@code me} and {@code fnd})
 * @param totalTopics topics loaded since start
 * @param incoming client messages received since start, per transport kind
 * @param outgoing server messages queued to clients since start, per transport kind
 */
public record ServerStats(long liveSessions, long totalSessions, long liveTopics, long totalTopics,
        Map<SessionKind, Long> incoming, Map<SessionKind, Long> outgoing) {

    /** Copies the maps. */
    public ServerStats {
        incoming = Map.copyOf(incoming);
        outgoing = Map.copyOf(outgoing);
    }

    /** Nothing counted: what a transport sees when it runs without an engine. */
    public static ServerStats empty() {
        return new ServerStats(0, 0, 0, 0, Map.of(), Map.of());
    }
}

package io.github.tinodej.internal;

import io.github.tinodej.push.PushStats;
import io.github.tinodej.transport.ServerStats;
import io.github.tinodej.transport.SessionKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The monitoring counters ({@link ServerStats}); LongAdder keeps the hot paths free of contention. */
public final class Stats {
    private final LongAdder totalSessions = new LongAdder();
    private final EnumMap<SessionKind, LongAdder> incoming = adders();
    private final EnumMap<SessionKind, LongAdder> outgoing = adders();
    private final StatsHistogram requestLatency = new StatsHistogram(StatsHistogram.REQUEST_LATENCY_MS);

    /** A session was opened. */
    public void sessionOpened() {
        totalSessions.increment();
    }

    /** A client message arrived over a transport of this kind. */
    public void countIncoming(SessionKind kind) {
        incoming.get(kind).increment();
    }

    /** A server message was queued to a client of this kind. */
    public void countOutgoing(SessionKind kind) {
        outgoing.get(kind).increment();
    }

    /** A request got its ctrl reply {@code millis} after it arrived. */
    public void requestAnswered(long millis) {
        requestLatency.record(Math.max(0, millis));
    }

    /** The counters now, with the live figures only the caller knows. */
    public ServerStats snapshot(long liveSessions, long liveTopics, long totalTopics, PushStats push) {
        return new ServerStats(liveSessions, totalSessions.sum(), liveTopics, totalTopics, sums(incoming),
                sums(outgoing), requestLatency.snapshot(), push.sent(), push.failed(), push.dropped());
    }

    private static EnumMap<SessionKind, LongAdder> adders() {
        EnumMap<SessionKind, LongAdder> m = new EnumMap<>(SessionKind.class);
        for (SessionKind k : SessionKind.values()) {
            m.put(k, new LongAdder());
        }
        return m;
    }

    private static Map<SessionKind, Long> sums(EnumMap<SessionKind, LongAdder> m) {
        EnumMap<SessionKind, Long> out = new EnumMap<>(SessionKind.class);
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

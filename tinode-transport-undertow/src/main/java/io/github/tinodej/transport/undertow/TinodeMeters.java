package io.github.tinodej.transport.undertow;

import io.github.tinodej.transport.ServerStats;
import io.github.tinodej.transport.SessionKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Tinode's counters as Micrometer meters, for the Prometheus endpoint
 * ({@link UndertowTransport.Builder#prometheusPath}) or a host's own registry: live and total
 * sessions and topics, messages in and out per transport, uploads, push notifications sent, failed
 * and dropped, and the request latency as a
 * count and a sum (Tinode's {@code RequestLatency}). Each meter reads the server's counters when
 * the registry is scraped; nothing is counted twice.
 *
 * <pre>{@code meters = new TinodeMeters(server::stats, () -> 0); meters.bindTo(hostRegistry);}</pre>
 *
 * <p>Micrometer holds the state of function meters weakly: keep this binder referenced (a field)
 * for as long as the meters should report, or they read NaN.
 */
public final class TinodeMeters implements MeterBinder {
    private final Supplier<ServerStats> stats;
    private final java.util.function.LongSupplier uploads;

    /**
     * @param stats the server's counters (e.g. {@code server::stats})
     * @param uploads files uploaded so far
     */
    public TinodeMeters(Supplier<ServerStats> stats, java.util.function.LongSupplier uploads) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.uploads = Objects.requireNonNull(uploads, "uploads");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "tinode.sessions.live", "sessions open now", ServerStats::liveSessions);
        counter(registry, "tinode.sessions", "sessions opened since start", ServerStats::totalSessions);
        gauge(registry, "tinode.topics.live", "topics in memory now", ServerStats::liveTopics);
        counter(registry, "tinode.topics", "topics loaded since start", ServerStats::totalTopics);
        for (SessionKind k : SessionKind.values()) {
            String transport = k.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("tinode.messages.in", this, m -> m.stats.get().incoming().getOrDefault(k, 0L))
                    .description("client messages received").tag("transport", transport).register(registry);
            FunctionCounter.builder("tinode.messages.out", this, m -> m.stats.get().outgoing().getOrDefault(k, 0L))
                    .description("server messages sent").tag("transport", transport).register(registry);
        }
        FunctionCounter.builder("tinode.uploads", this, m -> m.uploads.getAsLong())
                .description("files uploaded").register(registry);
        counter(registry, "tinode.push.sent", "push notifications the push services accepted", ServerStats::pushSent);
        counter(registry, "tinode.push.failed", "push notifications given up on", ServerStats::pushFailed);
        counter(registry, "tinode.push.dropped", "push notifications dropped, a queue being full", ServerStats::pushDropped);
        counter(registry, "tinode.requests", "requests answered", s -> s.requestLatency().count());
        FunctionCounter.builder("tinode.request.latency", this, m -> m.stats.get().requestLatency().sum())
                .description("time to answer requests, milliseconds in all").baseUnit("milliseconds").register(registry);
    }

    private void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<ServerStats> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.stats.get())).description(help).register(r);
    }

    private void counter(MeterRegistry r, String name, String help, ToDoubleFunction<ServerStats> f) {
        FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.stats.get())).description(help).register(r);
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.Services;
import io.github.tinodej.protocol.Ctrl;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work waiting for a key's owner while ownership is promoted after a node left (for that moment
 * {@link io.github.tinodej.cluster.Cluster#ownerOf} answers null). Nothing waits on a thread: a
 * client request is tried again on its session every {@link #RETRY} and answered {@code {ctrl 502
 * "cluster unreachable"}} after {@link #GIVE_UP}; server events for owners are kept, in order,
 * and sent once the owner is known (dropped after {@link #GIVE_UP}, as messages to a node that
 * left are). Thread-safe.
 */
final class OwnerWait {
    private static final System.Logger LOG = System.getLogger(OwnerWait.class.getName());
    /** Hazelcast promotes a dead member's partitions in milliseconds. */
    static final Duration RETRY = Duration.ofMillis(10);
    static final Duration GIVE_UP = Duration.ofSeconds(5);

    private final ClusterRouter router;
    private final Services services;
    private final ConcurrentLinkedQueue<Parked> events = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private record Parked(String key, JsonObject message, long since) {
    }

    OwnerWait(ClusterRouter router, Services services) {
        this.router = router;
        this.services = services;
    }

    /**
     * A request of {@code s} received at {@code received} found no owner for its topic: {@code retry}
     * runs again on the session soon (and finds the owner, local or not), unless it has waited
     * long enough, when it is answered 502 (a note, {@code id} and {@code topic} null, is dropped).
     */
    void request(ClientSession s, String id, String topic, Instant received, Runnable retry) {
        if (Duration.between(received, services.now()).compareTo(GIVE_UP) > 0) {
            if (topic != null) {
                s.reply(id, topic, null, Ctrl.CLUSTER_UNREACHABLE, services.now());
            }
            return;
        }
        services.schedule(() -> s.execute(retry), RETRY);
    }

    /** True while events are kept: a later event for any key goes behind them. */
    boolean holding() {
        return !events.isEmpty();
    }

    /** Keeps an event for the owner of {@code key} until that owner is known. */
    void event(String key, JsonObject message) {
        events.add(new Parked(key, message, System.nanoTime()));
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            services.schedule(() -> services.pool().execute(this::flush), RETRY);
        }
    }

    private void flush() {
        scheduled.set(false);
        Parked p;
        while ((p = events.peek()) != null) {
            String owner = router.ownerNow(p.key());
            if (owner == null && System.nanoTime() - p.since() < GIVE_UP.toNanos()) {
                break;
            }
            events.poll();
            if (owner != null) {
                router.send(owner, p.message());
            } else {
                LOG.log(System.Logger.Level.WARNING, "cluster: no owner for " + p.key() + "; event dropped");
            }
        }
        if (!events.isEmpty()) {
            schedule();
        }
    }
}

package io.github.tinodej.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Open-loop pacing: request {@code k} is due at {@code start + k / rate} and goes out then, without
 * waiting for earlier answers. When the driver falls behind, requests go out late but keep their
 * intended time, so the delay shows in the latency instead of being hidden (coordinated omission).
 */
final class OpenLoop {
    private OpenLoop() {
    }

    /** Sends request {@code k}, meant to leave at {@code intendedNanos}; completes with its answer. */
    interface Send {
        CompletableFuture<?> send(long k, long intendedNanos);
    }

    /**
     * Paces requests at {@code rate} per second while {@code keepGoing} holds, then waits for every
     * answer; one that fails or never comes counts in {@code errors}.
     *
     * @return requests sent
     */
    static long run(double rate, BooleanSupplier keepGoing, AtomicLong errors, Send send) {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long k = 0;
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        while (keepGoing.getAsBoolean()) {
            long intended = start + k * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            inFlight.add(send.send(k, intended));
            k++;
            if (inFlight.size() >= 10_000) {
                // Pruned, but a failed request is still counted before it leaves the list.
                inFlight.removeIf(f -> {
                    if (!f.isDone()) {
                        return false;
                    }
                    if (f.isCompletedExceptionally()) {
                        errors.incrementAndGet();
                    }
                    return true;
                });
            }
        }
        for (CompletableFuture<?> f : inFlight) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
        return k;
    }
}

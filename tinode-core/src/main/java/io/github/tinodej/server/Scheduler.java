package io.github.tinodej.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the server's timers: the {@code {hi}} deadline, topic unloading, call ring timeouts,
 * presence debouncing, collection of unreferenced uploads. Every timer of the engine goes through
 * the scheduler given to {@link io.github.tinodej.TinodeServer.Builder#scheduler}, so a test can drive them all with
 * a fake clock instead of waiting real seconds (the test kit's {@code FakeClock} is both the
 * clock and the scheduler).
 *
 * <p>Tasks are short: they only hand work to the server's executors. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code task} once, {@code delay} from now by the server's clock.
     *
     * @return a handle that cancels the task if it has not run yet
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler is shut down
     */
    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not started; does nothing otherwise. */
        void cancel();
    }

    /** A scheduler on a {@link ScheduledExecutorService}, which stays the caller's to shut down. */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return (task, delay) -> {
            java.util.concurrent.ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}

package io.github.tinodej.test;

import io.github.tinodej.server.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A clock that moves only when the test says so, and the scheduler of every timer due by it. Give
 * it to {@link io.github.tinodej.TinodeServer.Builder#clock} and
 * {@link io.github.tinodej.TinodeServer.Builder#scheduler} (the {@link TestServer} does): then
 * {@link #advance} fires, in order of their due time, the timers that the time passed over (the
 * {@code {hi}} deadline, topic unloading, call timeouts, presence debouncing), in milliseconds
 * of real time.
 *
 * <p>Timers run on the thread that calls {@code advance}; the server's timers only hand work to
 * its executors, so what they cause arrives at clients shortly after, as any event does. Thread-safe.
 */
public final class FakeClock extends Clock implements Scheduler {
    /** Where a fake clock starts unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final Object lock = new Object();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Instant start;
    /** Time passed by {@link #advance}: what timers are due by, as a real scheduler's monotonic time. */
    private Duration elapsed = Duration.ZERO;
    /** How far {@link #jump} moved the wall clock, which timers do not follow. */
    private Duration jumped = Duration.ZERO;
    private long added;

    /** A clock at {@link #DEFAULT_START}. */
    public FakeClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start}. */
    public FakeClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the time forward by {@code d}, running each timer that falls due on the way at its
     * due time (timers a timer schedules run too, when due within {@code d}).
     */
    public void advance(Duration d) {
        if (Objects.requireNonNull(d, "d").isNegative()) {
            throw new IllegalArgumentException("time does not go back (jump moves the wall clock): " + d);
        }
        Duration target;
        synchronized (lock) {
            target = elapsed.plus(d);
        }
        while (true) {
            Timer due;
            synchronized (lock) {
                due = timers.peek();
                if (due == null || due.at.compareTo(target) > 0) {
                    elapsed = target;
                    return;
                }
                timers.poll();
                if (due.at.compareTo(elapsed) > 0) {
                    elapsed = due.at;
                }
            }
            due.task.run();
        }
    }

    /**
     * Moves the wall clock by {@code d}, ahead or back, as when a server's system clock is
     * corrected: timestamps follow, timers do not (they run on elapsed time, as a real
     * scheduler's do), and none fires.
     */
    public void jump(Duration d) {
        Objects.requireNonNull(d, "d");
        synchronized (lock) {
            jumped = jumped.plus(d);
        }
    }

    /**
     * Waits until a timer due within {@code within} from now is pending, for at most
     * {@code timeout} of real time: the server schedules timers on its own threads, often just
     * after answering the request that caused them, so a test that is about to {@link #advance}
     * past a timer first waits for it to exist.
     *
     * @throws AssertionError if none was scheduled in time
     */
    public void awaitTimer(Duration within, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                Duration limit = elapsed.plus(within);
                for (Timer t : timers) {
                    if (t.at.compareTo(limit) <= 0) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no timer due within " + within + " was scheduled within " + timeout);
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Timers scheduled and neither run nor cancelled yet. */
    public int pendingTimers() {
        synchronized (lock) {
            return timers.size();
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        synchronized (lock) {
            Timer t = new Timer(elapsed.plus(delay.isNegative() ? Duration.ZERO : delay), added++, task);
            timers.add(t);
            lock.notifyAll();
            return () -> {
                synchronized (lock) {
                    timers.remove(t);
                }
            };
        }
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return start.plus(elapsed).plus(jumped);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: a fake clock is always UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Due time first, then the order they were scheduled in. */
    private record Timer(Duration at, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}

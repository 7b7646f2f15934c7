package io.github.tinodej.internal.engine;

import io.github.tinodej.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Starting and stopping a server: the engine, then its transports, and the resources the host
 * handed over, in that order and back; each stop step reported as it completes. Thread-safe:
 * {@code start} and {@code stop} run one at a time.
 */
public final class Lifecycle {
    private enum State { NEW, RUNNING, STOPPED }

    private final Engine engine;
    private final List<Transport> transports;
    private final List<AutoCloseable> closeOnStop;
    private final Object lock = new Object();
    private State state = State.NEW;

    public Lifecycle(Engine engine, List<Transport> transports, List<AutoCloseable> closeOnStop) {
        this.engine = engine;
        this.transports = List.copyOf(transports);
        this.closeOnStop = List.copyOf(closeOnStop);
    }

    /** Opens the store and starts the transports; undoes everything if a transport fails. */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("server already " + state.name().toLowerCase(java.util.Locale.ROOT));
            }
            engine.start();
            try {
                for (Transport t : transports) {
                    t.start(engine.transportContext());
                }
            } catch (Exception e) {
                for (Transport t : transports) {
                    t.stop(Duration.ZERO);
                }
                engine.stop(Duration.ZERO);
                closeHandedOver(step -> { }, System.nanoTime());
                state = State.STOPPED;
                throw new IllegalStateException("transport failed to start: " + e.getMessage(), e);
            }
            state = State.RUNNING;
        }
    }

    /** Stops (idempotent), telling {@code steps} one line per completed step with the time so far. */
    public void stop(Duration grace, Consumer<String> steps) {
        synchronized (lock) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPED;
            long t0 = System.nanoTime();
            engine.announceShutdown(grace);
            steps.accept("shutdown: new requests refused, clients told ({ctrl 205 \"server shutdown\"}, WebSocket close 1001)"
                    + since(t0));
            for (Transport t : transports) {
                t.stop(grace);
                steps.accept("shutdown: transport " + t.getClass().getSimpleName() + " stopped" + since(t0));
            }
            engine.stop(grace);
            steps.accept("shutdown: sessions and topics stopped, pending writes done" + since(t0));
            closeHandedOver(steps, t0);
        }
    }

    /** True between a successful start and a stop. */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    /** The port bound by the first transport that has one, or -1. */
    public int port() {
        for (Transport t : transports) {
            int p = t.port();
            if (p > 0) {
                return p;
            }
        }
        return -1;
    }

    private static String since(long t0) {
        return " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)";
    }

    /** Closes what the host handed over, last first, after everything that could still use it. */
    private void closeHandedOver(Consumer<String> steps, long t0) {
        for (int i = closeOnStop.size() - 1; i >= 0; i--) {
            try {
                closeOnStop.get(i).close();
                steps.accept("shutdown: closed " + closeOnStop.get(i).getClass().getSimpleName() + since(t0));
            } catch (Exception e) {
                System.getLogger(Lifecycle.class.getName()).log(System.Logger.Level.WARNING,
                        "failed to close " + closeOnStop.get(i), e);
            }
        }
    }
}

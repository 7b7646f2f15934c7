package io.github.tinodej.internal;

import io.github.tinodej.server.Scheduler;
import io.github.tinodej.internal.exec.LowPriorityThreads;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the server runs on: the worker pool of sessions and topics, the pool for password
 * hashing, and the scheduler of every timer; each the host's when given to the builder (and
 * then never shut down here), else made and owned here.
 */
public final class Pools {
    private final EngineConfig cfg;
    private ExecutorService ownWorkers;
    private ExecutorService ownAuth;
    private ScheduledThreadPoolExecutor ownTimer;
    private ExecutorService ownPush;
    private ExecutorService ownPlugins;
    private volatile Executor workers;
    private volatile Executor auth;
    private volatile Scheduler scheduler;
    private volatile Executor push;
    private volatile Executor plugins;
    private volatile boolean stopping;

    public Pools(EngineConfig cfg) {
        this.cfg = cfg;
    }

    /** Creates the pools the host did not give. */
    public void start() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cfg.executor() == null) {
            // Workers block on the store: group commit batches at most as many messages as there are
            // workers waiting, so a few dozen threads (cheap) beat one per core (S2 +28 % on H2).
            int n = Math.max(32, cores * 8);
            ThreadPoolExecutor p = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemon("tinode-worker"));
            p.allowCoreThreadTimeOut(true);
            ownWorkers = p;
            workers = p;
        } else {
            workers = cfg.executor();
        }
        if (cfg.authExecutor() == null) {
            // Bounded: a login storm queues at most this many hashes; beyond that clients get 503.
            // Half the cores at most, and at a lower OS priority: a storm of password checks must
            // leave CPU for messaging.
            int hashers = Math.max(1, cores / 2);
            ThreadFactory threads = cfg.authThreadNice() > 0
                    ? new LowPriorityThreads("tinode-auth", cfg.authThreadNice()) : daemon("tinode-auth");
            ThreadPoolExecutor p = new ThreadPoolExecutor(hashers, hashers, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(4096), threads);
            p.allowCoreThreadTimeOut(true);
            ownAuth = p;
            auth = p;
        } else {
            auth = cfg.authExecutor();
        }
        // Push receipts (unread counts, device lookups, building the notifications) run on a thread
        // of their own at the hashing threads' lower priority: a notification may wait a few
        // milliseconds, a message must not, and on the worker pool each receipt took a worker
        // from the sessions and topics. One thread: the dispatcher is serial anyway.
        ownPush = background("tinode-push");
        push = ownPush;
        // Plugin event hooks: their own thread, as a plugin may wait on the network.
        ownPlugins = background("tinode-plugins");
        plugins = ownPlugins;
        if (cfg.scheduler() == null) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("tinode-timer"));
            t.setRemoveOnCancelPolicy(true);
            ownTimer = t;
            scheduler = Scheduler.of(t);
        } else {
            scheduler = cfg.scheduler();
        }
    }

    /** The pool that runs sessions and topics (store calls happen here). */
    public Executor workers() {
        return workers;
    }

    /** The thread push receipts are prepared on; null before {@link #start}. */
    public Executor push() {
        return push;
    }

    /** The thread plugin event hooks run on; null before {@link #start}. */
    public Executor plugins() {
        return plugins;
    }

    /** The pool for authenticators and password hashing. */
    public Executor auth() {
        return auth;
    }

    /**
     * Runs {@code task} once after {@code delay}; the task must only hop onto an actor's
     * executor. Once the server is stopping, nothing runs (and nothing is scheduled): a host's
     * scheduler outlives the server.
     */
    public Scheduler.Cancellable schedule(Runnable task, Duration delay) {
        if (stopping) {
            return () -> { };
        }
        try {
            return scheduler.schedule(() -> {
                if (stopping) {
                    return;
                }
                try {
                    task.run();
                } catch (RejectedExecutionException e) {
                    // The pools shut down between the check and the hop: the server is stopping.
                }
            }, delay);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    /** From now on no timer fires and sessions take no new requests. */
    public void stopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** Shuts down what this class made, waiting up to {@code grace} for queued work. */
    public void stop(Duration grace) {
        stopping = true;
        if (ownTimer != null) {
            ownTimer.shutdownNow();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ExecutorService p : new ExecutorService[] {ownWorkers, ownAuth, ownPush, ownPlugins}) {
            if (p == null) {
                continue;
            }
            p.shutdown();
            try {
                if (!p.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.shutdownNow();
                }
            } catch (InterruptedException e) {
                p.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One thread at the hashing threads' priority that ends when idle for a minute. */
    private ExecutorService background(String name) {
        ThreadPoolExecutor t = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                cfg.authThreadNice() > 0 ? new LowPriorityThreads(name, cfg.authThreadNice()) : daemon(name));
        t.allowCoreThreadTimeOut(true);
        return t;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

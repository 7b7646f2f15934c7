package io.github.tinodej.internal.exec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the mailbox of one actor (a
 * session or a topic). State owned by the actor is touched only from its tasks, so it needs no
 * locks; this is how a topic assigns gap-free seq ids like Tinode's topic goroutine does.
 *
 * <p>The queue is bounded: {@link #offer} refuses a task when {@code capacity} tasks are waiting, and
 * the caller decides what overflow means (reply 503, close the session). A task that throws is
 * logged and does not stop the actor.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor pool;
    private final int capacity;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    public SerialExecutor(Executor pool, int capacity, String name) {
        this.pool = pool;
        this.capacity = capacity;
        this.name = name;
    }

    /**
     * Queues a task.
     *
     * @return false if the mailbox is full (the task is dropped)
     */
    public boolean offer(Runnable task) {
        // Approximate under contention, which is all a back-pressure bound needs.
        if (size.get() >= capacity) {
            return false;
        }
        execute(task);
        return true;
    }

    /** Queues a task, ignoring the capacity: for internal events that must not be lost (close, detach). */
    @Override
    public void execute(Runnable task) {
        // Enqueue before counting: drain() relies on size > 0 implying a queued task.
        queue.add(task);
        if (size.incrementAndGet() == 1) {
            schedule();
        }
    }

    /** Number of queued and running tasks. */
    public int pending() {
        return size.get();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Pool shut down: the server is stopping; drop what is queued.
            queue.clear();
            size.set(0);
        }
    }

    private void drain() {
        // Bounded batch so one busy actor cannot monopolise a pool thread.
        int budget = 64;
        do {
            Runnable r = queue.poll();
            try {
                r.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "task failed in " + name, t);
            }
            if (size.decrementAndGet() == 0) {
                return;
            }
        } while (--budget > 0);
        schedule();
    }
}

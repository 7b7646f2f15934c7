package io.github.tinodej.internal.exec;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: the mailbox of one actor (a
 * session or a topic). State owned by the actor is touched only from its tasks, so it needs no
 * locks; this is how a topic assigns gap-free seq ids like Tinode's topic goroutine does.
 *
 * <p>The queue is bounded: {@link #offer} refuses a task when {@code capacity} tasks are waiting, and
 * the caller decides what overflow means (reply 503, close the session). A task that throws is
 * logged and does not stop the actor.
 *
 * <p>A task may {@linkplain #await await} a result (a store write): the actor then runs nothing else
 * until the result is in and its continuation has run, exactly as if the task had blocked, but no
 * pool thread is held meanwhile. That is what lets one store writer commit the messages of
 * hundreds of topics in one transaction instead of as many as there are pool threads.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor pool;
    private final int capacity;
    private final String name;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Set by {@link #await} inside a task; taken by the drain loop once that task has returned. */
    private CompletionStage<?> awaited;
    private BiConsumer<Object, Throwable> continuation;

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

    /**
     * Called from one of this executor's own tasks: once the running task returns, the actor
     * pauses until {@code stage} completes, then runs {@code then} with its outcome as the next
     * task, before anything queued meanwhile. A stage already complete runs {@code then} at once.
     * At most one await per task.
     */
    @SuppressWarnings("unchecked")
    public <T> void await(CompletionStage<T> stage, BiConsumer<? super T, Throwable> then) {
        if (awaited != null) {
            throw new IllegalStateException("a task may await one result only");
        }
        java.util.concurrent.CompletableFuture<T> f = stage.toCompletableFuture();
        if (f.isDone()) {
            T value = null;
            Throwable error = null;
            try {
                value = f.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                error = unwrap(e);
            }
            then.accept(value, error);
            return;
        }
        awaited = stage;
        continuation = (BiConsumer<Object, Throwable>) then;
    }

    private void drain() {
        drain(null);
    }

    private void drain(Runnable first) {
        // Bounded batch so one busy actor cannot monopolise a pool thread.
        int budget = 64;
        Runnable r = first;
        do {
            if (r == null) {
                r = queue.poll();
            }
            try {
                r.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "task failed in " + name, t);
            }
            r = null;
            if (awaited != null) {
                // The task is still running as far as size is concerned, so nothing else schedules
                // this actor; the completion resumes it on the pool. Registering is the last thing
                // this thread does here: a stage that completes meanwhile may resume at once.
                CompletionStage<?> stage = awaited;
                BiConsumer<Object, Throwable> then = continuation;
                awaited = null;
                continuation = null;
                stage.whenComplete((v, e) -> resume(() -> then.accept(v, unwrap(e))));
                return;
            }
            if (size.decrementAndGet() == 0) {
                return;
            }
        } while (--budget > 0);
        schedule();
    }

    private void resume(Runnable then) {
        try {
            pool.execute(() -> drain(then));
        } catch (RejectedExecutionException e) {
            // Pool shut down: the server is stopping; drop what is queued.
            queue.clear();
            size.set(0);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}

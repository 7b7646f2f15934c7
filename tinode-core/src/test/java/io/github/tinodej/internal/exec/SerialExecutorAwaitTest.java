package io.github.tinodej.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SerialExecutor#await}: an actor that waits for a result runs nothing else until its
 * continuation has run, holds no pool thread meanwhile, and keeps the order of its mailbox.
 */
class SerialExecutorAwaitTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksQueuedWhileWaiting_runAfterTheContinuation_inOrder() throws Exception {
        SerialExecutor actor = new SerialExecutor(pool, 100, "test");
        CompletableFuture<String> result = new CompletableFuture<>();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);
        actor.execute(() -> {
            log.add("task 1");
            actor.await(result, (v, e) -> log.add("continuation " + v));
            waiting.countDown();
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch done = new CountDownLatch(1);
        actor.execute(() -> log.add("task 2"));
        actor.execute(() -> {
            log.add("task 3");
            done.countDown();
        });
        // Nothing else runs while the actor waits, yet a pool thread is free for other actors.
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> { }, pool);
        other.get(10, TimeUnit.SECONDS);
        assertThat(log).containsExactly("task 1");
        result.complete("ok");
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(log).containsExactly("task 1", "continuation ok", "task 2", "task 3");
    }

    @Test
    void failure_reachesTheContinuationUnwrapped() throws Exception {
        SerialExecutor actor = new SerialExecutor(pool, 100, "test");
        CompletableFuture<Void> result = new CompletableFuture<>();
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        actor.execute(() -> actor.await(result.thenApply(v -> v), (v, e) -> seen.complete(e)));
        IllegalStateException boom = new IllegalStateException("boom");
        result.completeExceptionally(boom);
        assertThat(seen.get(10, TimeUnit.SECONDS)).isSameAs(boom);
    }

    @Test
    void alreadyComplete_continuationRunsInline() {
        SerialExecutor actor = new SerialExecutor(Runnable::run, 100, "test");
        List<String> log = new CopyOnWriteArrayList<>();
        actor.execute(() -> {
            actor.await(CompletableFuture.completedFuture("now"), (v, e) -> log.add(v));
            log.add("after");
        });
        assertThat(log).containsExactly("now", "after");
    }

    /** Many actors each waiting in turn on results completed from another thread: never two tasks of one actor at once. */
    @Test
    void manyWaits_neverOverlap() throws Exception {
        SerialExecutor actor = new SerialExecutor(pool, 10_000, "test");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService completer = Executors.newSingleThreadExecutor();
        CountDownLatch all = new CountDownLatch(500);
        try {
            for (int i = 0; i < 500; i++) {
                actor.execute(() -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    CompletableFuture<Void> r = CompletableFuture.runAsync(() -> { }, completer);
                    running.decrementAndGet();
                    actor.await(r, (v, e) -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        running.decrementAndGet();
                        all.countDown();
                    });
                });
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
        } finally {
            completer.shutdownNow();
        }
    }
}

package io.github.tinodej.cluster.hazelcast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A worker pool a test can pause: tasks given meanwhile wait, in order, until it resumes. */
final class PausableExecutor implements Executor, AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "test-worker");
        t.setDaemon(true);
        return t;
    });
    private final List<Runnable> held = new ArrayList<>();
    private boolean paused;

    @Override
    public synchronized void execute(Runnable task) {
        if (paused) {
            held.add(task);
        } else {
            pool.execute(task);
        }
    }

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        held.forEach(pool::execute);
        held.clear();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

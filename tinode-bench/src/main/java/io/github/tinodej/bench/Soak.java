package io.github.tinodej.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * S7, the soak: {@code sessions} sessions stay connected for {@code minutes}; a fifth of them talk
 * in pairs at a slow steady rate while the rest idle. Every minute the server's heap after a full
 * collection and its open files are sampled; both must stay flat (benchmarks.md: within 5 %).
 * Class histograms of the server's heap after the first minute and at the end are written beside
 * the results, so growth can be traced to the classes that hold it.
 */
final class Soak {
    private final Scenarios s;
    private final ServerProcess server;

    private final java.nio.file.Path out;

    Soak(Scenarios s, ServerProcess server, java.nio.file.Path out) {
        this.s = s;
        this.server = server;
        this.out = out;
    }

    List<Result> run(int sessions, int minutes, double messagesPerSecond) throws Exception {
        int activePairs = Math.max(1, sessions / 10);
        List<WireConn> idle = new ArrayList<>();
        ExecutorService setup = Executors.newFixedThreadPool(16);
        List<Future<WireConn>> opening = new ArrayList<>();
        for (int i = 0; i < sessions - 2 * activePairs; i++) {
            opening.add(setup.submit(() -> {
                WireConn c = s.session();
                s.anonymousUser(c);
                c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"me\"}}");
                return c;
            }));
        }
        for (Future<WireConn> f : opening) {
            idle.add(f.get());
        }
        setup.shutdown();
        List<Long> heap = new ArrayList<>();
        List<Long> files = new ArrayList<>();
        try (P2pPairs active = new P2pPairs(s, activePairs, s.errors)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread talk = new Thread(() -> active.openLoop(messagesPerSecond, running::get), "s7-talk");
            talk.start();
            long end = System.nanoTime() + minutes * 60_000_000_000L;
            while (true) {
                heap.add(server.heapAfterGcBytes());
                files.add(server.openFiles());
                System.out.printf("soak: minute %d, heap after GC %,d KiB, open files %d%n", heap.size() - 1,
                        heap.get(heap.size() - 1) / 1024, files.get(files.size() - 1));
                if (heap.size() == 2) {
                    server.classHistogram(out.resolve("histogram-minute-1.txt"));
                }
                if (System.nanoTime() >= end) {
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(60_000_000_000L, end - System.nanoTime()));
            }
            running.set(false);
            talk.join();
            server.classHistogram(out.resolve("histogram-minute-" + (heap.size() - 1) + ".txt"));
            active.settle();
            List<Result> out = new ArrayList<>();
            // The first sample is taken once everything is connected and talking started.
            long first = heap.get(Math.min(1, heap.size() - 1));
            long last = heap.get(heap.size() - 1);
            out.add(new Result(String.format("S7.soak_%d_sessions_%d_min_heap_growth", sessions, minutes),
                    (last - first) * 100.0 / first, "% (heap after GC, first minute to last)", null));
            out.add(new Result(String.format("S7.soak_%d_sessions_%d_min_open_files_growth", sessions, minutes),
                    files.get(files.size() - 1) - files.get(0), "files", null));
            out.add(new Result(String.format("S7.soak_%d_sessions_delivery", sessions), messagesPerSecond,
                    "pubs/s offered", active.latency));
            return out;
        } finally {
            idle.forEach(WireConn::close);
        }
    }
}

package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.cluster.Cluster;
import io.github.tinodej.internal.exec.SerialExecutor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything this node sends to one other node, in the order it was queued, packed into batches
 * (Tinode multiplexes a topic's broadcast to a node in one RPC the same way): a topic's loop over
 * its attached sessions queues one frame per remote session, and the batch carries the frame once
 * with the session ids that get it. One serial flush at a time keeps the order.
 *
 * <p>Bounded ({@link io.github.tinodej.cluster.Cluster#outboxLimit}): a node that cannot keep up
 * is treated as a slow local session is (closed rather than silently missing frames). What is
 * queued is dropped, a {@code reset} goes first thing to the node, and {@code onOverflow} runs:
 * both ends then act as if the other had left and come back ({@link ClusterRouter#linkReset}).
 */
final class NodeOutbox {
    private static final System.Logger LOG = System.getLogger(NodeOutbox.class.getName());
    private static final int MAX_BATCH = 512;

    private final Cluster cluster;
    private final String node;
    private final SerialExecutor exec;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean resetting = new AtomicBoolean();
    private final int limit;
    private final Runnable onOverflow;

    NodeOutbox(Cluster cluster, String node, Executor pool, int limit, Runnable onOverflow) {
        this.cluster = cluster;
        this.node = node;
        this.limit = limit;
        this.onOverflow = onOverflow;
        this.exec = new SerialExecutor(pool, Integer.MAX_VALUE, "cluster out " + node);
    }

    /** A message, and the frame it carries if any (kept apart so that a broadcast frame goes once). */
    private record Item(JsonObject message, String frame) {
    }

    void add(JsonObject message) {
        add(message, null);
    }

    void add(JsonObject message, String frame) {
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            overflow();
            return;
        }
        queue.add(new Item(message, frame));
        if (scheduled.compareAndSet(false, true)) {
            exec.execute(this::flush);
        }
    }

    /** Drops what is queued (and the message that did not fit) and starts again with a reset. */
    private void overflow() {
        if (!resetting.compareAndSet(false, true)) {
            return;
        }
        try {
            int dropped = 0;
            while (queue.poll() != null) {
                size.decrementAndGet();
                dropped++;
            }
            LOG.log(System.Logger.Level.WARNING, "cluster: outbox to " + node + " over " + limit
                    + " messages; dropped " + dropped + " and reset the link");
            JsonObject reset = new JsonObject();
            reset.addProperty("t", "reset");
            size.incrementAndGet();
            queue.add(new Item(reset, null));
            if (scheduled.compareAndSet(false, true)) {
                exec.execute(this::flush);
            }
            onOverflow.run();
        } finally {
            resetting.set(false);
        }
    }

    /** Messages queued and not yet handed to the cluster. */
    int size() {
        return size.get();
    }

    private void flush() {
        scheduled.set(false);
        while (!queue.isEmpty()) {
            JsonArray batch = new JsonArray();
            // Frames already in this batch, by identity: a broadcast hands every session the same String.
            Map<String, Integer> frames = new IdentityHashMap<>();
            Item item;
            while (batch.size() < MAX_BATCH && (item = queue.poll()) != null) {
                size.decrementAndGet();
                JsonObject m = item.message();
                String frame = item.frame();
                if (frame != null) {
                    Integer at = frames.get(frame);
                    if (at != null) {
                        m.addProperty("fr", at);
                    } else {
                        frames.put(frame, batch.size());
                        m.addProperty("f", frame);
                    }
                }
                batch.add(m);
            }
            JsonObject envelope = new JsonObject();
            envelope.addProperty("t", "batch");
            envelope.add("m", batch);
            cluster.send(node, envelope.toString());
        }
    }
}

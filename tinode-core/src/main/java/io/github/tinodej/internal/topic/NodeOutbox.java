package io.github.tinodej.internal.topic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.cluster.Cluster;
import io.github.tinodej.internal.exec.SerialExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
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
 * queued is dropped and {@code onOverflow} runs on the pool: this node acts as if the other had
 * left and come back ({@link ClusterRouter#linkReset}); then a {@code reset} is queued. From the
 * overflow until the other node answers {@code rseen} (it has reset too), everything else added
 * is dropped and that node's requests are ignored ({@link #resetting()}): all of it belongs to the
 * state both ends throw away (its requests are answered 502 there), so one loss costs one reset,
 * however long the link stays stuck, and a client that subscribes again on hearing "term" reaches
 * a node that has let go of its old subscription and answers the new one.
 */
final class NodeOutbox {
    private static final System.Logger LOG = System.getLogger(NodeOutbox.class.getName());
    private static final int MAX_BATCH = 512;

    private final Cluster cluster;
    private final String node;
    private final SerialExecutor exec;
    private final Executor pool;
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
        this.pool = pool;
        this.exec = new SerialExecutor(pool, Integer.MAX_VALUE, "cluster out " + node);
    }

    /** A message, and the frame it carries if any (kept apart so that a broadcast frame goes once). */
    private record Item(JsonObject message, String frame) {
    }

    /** Queues {@code message}; false if it was dropped (the link is being reset). */
    boolean add(JsonObject message) {
        return add(message, null);
    }

    /** Queues {@code message} carrying {@code frame}; false if it was dropped (the link is being reset). */
    boolean add(JsonObject message, String frame) {
        if (resetting.get()) {
            return false;
        }
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            overflow();
            return false;
        }
        queue.add(new Item(message, frame));
        schedule();
        return true;
    }

    /** Drops what is queued (and the message that did not fit) and resets the link. */
    private void overflow() {
        if (!resetting.compareAndSet(false, true)) {
            return;
        }
        int dropped = 0;
        List<Item> control = new ArrayList<>();
        for (Item item; (item = queue.poll()) != null; ) {
            size.decrementAndGet();
            if (isControl(item.message())) {
                control.add(item);
            } else {
                dropped++;
            }
        }
        // This end's answer to the other's reset must still reach it (or that end drops forever).
        for (Item item : control) {
            enqueue(item);
        }
        LOG.log(System.Logger.Level.WARNING, "cluster: outbox to " + node + " over " + limit
                + " messages; dropped " + dropped + " and reset the link");
        pool.execute(() -> {
            try {
                onOverflow.run();
            } finally {
                queueReset();
            }
        });
    }

    /** This node has let go of what the loss touched: the other node hears {@code reset} next. */
    private void queueReset() {
        JsonObject reset = new JsonObject();
        reset.addProperty("t", "reset");
        enqueue(new Item(reset, null));
    }

    /**
     * The other node reset the link: it hears {@code rseen} (which ends its {@link #resetting()})
     * before anything this node sends from now on, and even if this outbox overflows meanwhile.
     */
    void resetHeard() {
        JsonObject seen = new JsonObject();
        seen.addProperty("t", "rseen");
        enqueue(new Item(seen, null));
    }

    /** The other node answered this one's reset: what is added from now on goes again. */
    void resetSeen() {
        resetting.set(false);
    }

    /**
     * True from an overflow until the other node has reset too: its requests arriving meanwhile
     * were sent before it heard of the reset, are answered 502 there, and are not acted on here.
     */
    boolean resetting() {
        return resetting.get();
    }

    private static boolean isControl(JsonObject m) {
        String t = m.has("t") ? m.get("t").getAsString() : "";
        return t.equals("reset") || t.equals("rseen");
    }

    private void enqueue(Item item) {
        size.incrementAndGet();
        queue.add(item);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            exec.execute(this::flush);
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

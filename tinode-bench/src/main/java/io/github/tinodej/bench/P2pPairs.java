package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Pairs of anonymous users talking one-to-one, for S2 and its background load in S4. Every message
 * carries its intended send time, so the receiver records latency from when it should have been
 * sent; sequence ids are tracked on both sides so loss and duplication are counted.
 */
final class P2pPairs implements AutoCloseable {
    static final String PAD = "x".repeat(80);

    /** One sender and its receiver. */
    static final class Pair {
        final WireConn sender;
        final WireConn receiver;
        final String topicForSender;
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        final Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        /** Seqs the sender got back as its own {@code {data}}: the SDK publishes with echo on. */
        final Set<Integer> echoed = ConcurrentHashMap.newKeySet();

        Pair(WireConn sender, WireConn receiver, String topicForSender) {
            this.sender = sender;
            this.receiver = receiver;
            this.topicForSender = topicForSender;
        }

        /**
         * The pub frame for a message meant to leave at {@code intendedNanos}: without
         * {@code noecho}, as the SDK's {@code publishMessage} sends it, so the server also writes
         * the message back to the sender.
         */
        String pub(long intendedNanos) {
            return "{\"pub\":{\"id\":\"ID\",\"topic\":\"" + topicForSender
                    + "\",\"content\":\"t" + intendedNanos + " " + PAD + "\"}}";
        }
    }

    final List<Pair> pairs = new ArrayList<>();
    /** Delivery latency from the intended send time, in microseconds. */
    volatile ConcurrentHistogram latency = new ConcurrentHistogram(3);
    final AtomicLong acked = new AtomicLong();
    private final AtomicLong errors;

    P2pPairs(Scenarios s, int n, AtomicLong errors) throws Exception {
        this.errors = errors;
        for (int i = 0; i < n; i++) {
            WireConn a = s.session();
            WireConn b = s.session();
            String aUid = s.anonymousUser(a)[0];
            String bUid = s.anonymousUser(b)[0];
            Pair p = new Pair(a, b, bUid);
            JsonObject sub = a.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + bUid + "\"}}");
            if (sub.get("code").getAsInt() != 200) {
                throw new IllegalStateException("p2p subscribe failed: " + sub);
            }
            b.onData(d -> {
                String content = d.get("content").getAsString();
                long t0 = Long.parseLong(content.substring(1, content.indexOf(' ')));
                latency.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
                if (!p.delivered.add(d.get("seq").getAsInt())) {
                    errors.incrementAndGet();
                }
            });
            a.onData(d -> {
                if (!p.echoed.add(d.get("seq").getAsInt())) {
                    errors.incrementAndGet();
                }
            });
            JsonObject bSub = b.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + aUid + "\"}}");
            if (bSub.get("code").getAsInt() != 200) {
                throw new IllegalStateException("p2p subscribe failed: " + bSub);
            }
            pairs.add(p);
        }
    }

    /** Starts a fresh latency record (after a warm-up, between load levels). */
    void resetLatency() {
        latency = new ConcurrentHistogram(3);
    }

    /** Records the acknowledgement of one pub: 202 with its seq, anything else is an error. */
    void acked(Pair p, JsonObject ack) {
        if (ack.get("code").getAsInt() != 202) {
            errors.incrementAndGet();
            return;
        }
        p.acked.add(ack.getAsJsonObject("params").get("seq").getAsInt());
        acked.incrementAndGet();
    }

    /**
     * Waits (bounded) until every acknowledged message reached its receiver and came back to its
     * sender; a missing one is an error.
     */
    void settle() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Pair p : pairs) {
            while (!(p.delivered.containsAll(p.acked) && p.echoed.containsAll(p.acked)) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
            if (!p.delivered.containsAll(p.acked) || !p.echoed.containsAll(p.acked)) {
                errors.incrementAndGet();
            }
        }
    }

    /**
     * Offers {@code rate} messages per second over all pairs, round robin, until {@code keepGoing}
     * says stop, without waiting for acknowledgements ({@link OpenLoop}).
     *
     * @return messages offered
     */
    long openLoop(double rate, java.util.function.BooleanSupplier keepGoing) {
        return OpenLoop.run(rate, keepGoing, errors, (k, intended) -> {
            Pair p = pairs.get((int) (k % pairs.size()));
            return p.sender.request(p.pub(intended)).thenAccept(ack -> acked(p, ack));
        });
    }

    @Override
    public void close() {
        for (Pair p : pairs) {
            p.sender.close();
            p.receiver.close();
        }
    }
}

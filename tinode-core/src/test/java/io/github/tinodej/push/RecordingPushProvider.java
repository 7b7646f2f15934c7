package io.github.tinodej.push;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A provider that keeps every receipt for a test to take in order. */
public final class RecordingPushProvider implements PushProvider {
    private final BlockingQueue<PushReceipt> receipts = new LinkedBlockingQueue<>();

    @Override
    public String name() {
        return "recording";
    }

    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void push(PushReceipt receipt) {
        received.incrementAndGet();
        receipts.add(receipt);
    }

    private final BlockingQueue<ChannelRequest> channelRequests = new LinkedBlockingQueue<>();

    @Override
    public void channel(ChannelRequest request) {
        channelRequests.add(request);
    }

    /** The next channel request; fails after 10 s. */
    public ChannelRequest nextChannelRequest() {
        try {
            ChannelRequest r = channelRequests.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no channel request within 10 s");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Counts every receipt as sent. */
    @Override
    public PushStats stats() {
        return new PushStats(received.get(), 0, 0);
    }

    /** The next receipt of this kind, skipping others; fails after 10 s. */
    public PushReceipt next(String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (true) {
                PushReceipt r = receipts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) {
                    throw new AssertionError("no '" + what + "' push within 10 s");
                }
                if (r.payload().what().equals(what)) {
                    return r;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next receipt of this kind for {@code to}, skipping others; fails after 10 s. */
    public PushReceipt next(String what, io.github.tinodej.model.Uid to) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            PushReceipt r;
            try {
                r = receipts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (r == null) {
                throw new AssertionError("no '" + what + "' push for " + to.userId() + " within 10 s");
            }
            if (r.payload().what().equals(what) && r.to().containsKey(to)) {
                return r;
            }
        }
    }

    /** Takes every receipt not taken yet. */
    public java.util.List<PushReceipt> drain() {
        java.util.List<PushReceipt> out = new java.util.ArrayList<>();
        receipts.drainTo(out);
        return out;
    }

    /** Receipts not taken yet. */
    public int pending() {
        return receipts.size();
    }
}

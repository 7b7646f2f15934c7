package io.github.tinodej.push.stock;

import io.github.tinodej.internal.push.AdapterConfig;
import io.github.tinodej.internal.push.PushJson;
import io.github.tinodej.push.ChannelRequest;
import io.github.tinodej.push.PushProvider;
import io.github.tinodej.push.PushReceipt;
import io.github.tinodej.push.PushStats;
import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tinode's {@code stdout} push adapter: prints each receipt as one line of JSON in the push SPI's
 * shape (protocol.md 11.1). For development and for piping pushes into another process.
 */
public final class StdoutPushProvider implements PushProvider {
    /** Tinode's default buffer. */
    static final int DEFAULT_BUFFER = 32;

    private final PrintStream out;
    private final BlockingQueue<String> lines;
    private final Thread writer;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /**
     * @param out where lines go
     * @param buffer receipts waiting at most; more are dropped
     */
    public StdoutPushProvider(PrintStream out, int buffer) {
        this.out = out;
        this.lines = new ArrayBlockingQueue<>(buffer > 0 ? buffer : DEFAULT_BUFFER);
        this.writer = new Thread(this::run, "tinodej-push-stdout");
        writer.setDaemon(true);
        writer.start();
    }

    /** From Tinode's config object ({@code enabled}, {@code buffer}), printing to standard output. */
    public static StdoutPushProvider fromConfig(String configJson) {
        return new StdoutPushProvider(System.out, (int) AdapterConfig.number(AdapterConfig.parse(configJson), "buffer", 0));
    }

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public void push(PushReceipt receipt) {
        // Rendered here, off the engine's topics (on its push dispatcher), so the writer only prints.
        if (!lines.offer(PushJson.receipt(receipt).toString())) {
            dropped.increment();
        }
    }

    /** Prints the request as a line of JSON too, as Tinode's adapter prints it. */
    @Override
    public void channel(ChannelRequest req) {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("uid", req.uid().encoded());
        if (req.deviceId() != null) {
            o.addProperty("device", req.deviceId());
        }
        if (req.channel() != null) {
            o.addProperty("channel", req.channel());
        }
        o.addProperty("unsub", req.unsub());
        if (!lines.offer(o.toString())) {
            dropped.increment();
        }
    }

    @Override
    public PushStats stats() {
        return new PushStats(sent.sum(), 0, dropped.sum());
    }

    @Override
    public void close() {
        writer.interrupt();
    }

    private void run() {
        try {
            while (true) {
                out.println(lines.take());
                out.flush();
                sent.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

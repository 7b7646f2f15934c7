package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * S8 (reliability.md's bystander figure): a user's round trip ({@code {pub}} to its {@code 202}
 * on their own topic, committed to the store) while the server is quiet, and again while other
 * users flood it as fast as their sockets take frames: pubs, history pages and notes in a loop,
 * reconnecting whenever the server closes them for it. Runs against a server with the default
 * rate limits; the target is a flood round trip at most twice the quiet one.
 */
final class FloodScenario {
    private static final String HI = "{\"hi\":{\"id\":\"ID\",\"ver\":\"0.25.3\",\"ua\":\"tinodej-bench flood\"}}";
    private final Scenarios s;

    FloodScenario(Scenarios s) {
        this.s = s;
    }

    List<Result> run(int flooders, int samples, long intervalMs) throws Exception {
        WireConn bystander = s.session();
        s.anonymousUser(bystander);
        JsonObject sub = bystander.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"slf\"}}");
        if (sub.get("code").getAsInt() != 200) {
            throw new IllegalStateException("slf subscribe failed: " + sub);
        }
        roundTrips(bystander, 10, intervalMs); // warm-up
        Histogram quiet = roundTrips(bystander, samples, intervalMs);

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong frames = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        // The flooders' own HTTP client: their blocked sends must not hold up the bystander's.
        ExecutorService io = Executors.newFixedThreadPool(2, daemon("flood-ws"));
        HttpClient floodClient = HttpClient.newBuilder().executor(io).build();
        ExecutorService workers = Executors.newFixedThreadPool(flooders, daemon("flooder"));
        List<String[]> accounts = new ArrayList<>();
        for (int i = 0; i < flooders; i++) {
            WireConn c = s.session();
            String token = s.anonymousUser(c)[1];
            String grp = c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"new\"}}").get("topic").getAsString();
            c.close();
            accounts.add(new String[] {token, grp});
        }
        for (String[] a : accounts) {
            workers.submit(() -> flood(floodClient, s.host, a[0], a[1], flooding, frames, reconnects));
        }
        long t0 = System.nanoTime();
        Histogram flood;
        try {
            // The flood builds up before the bystander is measured.
            roundTrips(bystander, 5, intervalMs);
            flood = roundTrips(bystander, samples, intervalMs);
        } finally {
            flooding.set(false);
            workers.shutdown();
            workers.awaitTermination(30, TimeUnit.SECONDS);
            io.shutdownNow();
            bystander.close();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double ratioP50 = (double) flood.getValueAtPercentile(50) / Math.max(1, quiet.getValueAtPercentile(50));
        double ratioP99 = (double) flood.getValueAtPercentile(99) / Math.max(1, quiet.getValueAtPercentile(99));
        return List.of(
                new Result("S8.bystander_rtt_quiet_p50", quiet.getValueAtPercentile(50) / 1000.0, "ms", quiet),
                new Result("S8.bystander_rtt_flood_p50", flood.getValueAtPercentile(50) / 1000.0, "ms", flood),
                new Result("S8.bystander_rtt_flood_over_quiet_p50", ratioP50, "x", null),
                new Result("S8.bystander_rtt_flood_over_quiet_p99", ratioP99, "x", null),
                new Result("S8.flood_frames_" + flooders + "_flooders", frames.get() / secs, "frames/s sent", null),
                new Result("S8.flooder_reconnects", reconnects.get() / secs, "closed for flooding per s", null));
    }

    /** {@code n} pub round trips, one every {@code intervalMs}; microseconds. */
    private Histogram roundTrips(WireConn c, int n, long intervalMs) throws Exception {
        Histogram h = new Histogram(3);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            JsonObject ack = c.call("{\"pub\":{\"id\":\"ID\",\"topic\":\"slf\",\"noecho\":true,\"content\":\"rtt " + i + "\"}}");
            long us = (System.nanoTime() - t0) / 1000;
            if (ack.get("code").getAsInt() != 202) {
                // The bystander publishes one message per interval: far under any limit.
                s.errors.incrementAndGet();
            }
            h.recordValue(us);
            long sleepMs = intervalMs - us / 1000;
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
        }
        return h;
    }

    /** Sends as fast as the connection takes frames; when the server closes it, logs in again. */
    private static void flood(HttpClient client, String host, String token, String grp, AtomicBoolean flooding,
            AtomicLong frames, AtomicLong reconnects) {
        String content = "x".repeat(200);
        String[] kinds = {
            "{\"pub\":{\"id\":\"f\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"" + content + "\"}}",
            "{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}",
            "{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"kp\"}}",
        };
        while (flooding.get()) {
            WireConn c = null;
            try {
                c = WireConn.open(client, host);
                c.call(HI);
                c.call("{\"login\":{\"id\":\"ID\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
                c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + grp + "\"}}");
                for (long k = 0; flooding.get(); k++) {
                    c.transmit(kinds[(int) (k % kinds.length)]);
                    frames.incrementAndGet();
                }
            } catch (Exception e) {
                // Closed by the server for flooding (or refused on the way back in): go again.
                reconnects.incrementAndGet();
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

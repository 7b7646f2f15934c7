package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * S8 (reliability.md's bystander figure): a user's round trip ({@code {pub}} to its {@code 202}
 * on their own topic, committed to the store) while the server is quiet, and again while other
 * users flood it as fast as their sockets take frames: pubs, history pages and notes in a loop,
 * reconnecting whenever the server closes them for it. Runs against a server with the default
 * rate limits; the target is a flood round trip at most twice the quiet one.
 */
final class FloodScenario {
    private final Scenarios s;

    FloodScenario(Scenarios s) {
        this.s = s;
    }

    List<Result> run(int flooders, int samples, long intervalMs, int warmUpSessions, long warmUpFloodMs)
            throws Exception {
        WireConn bystander = s.session();
        String bystanderToken = s.anonymousUser(bystander)[1];
        JsonObject sub = bystander.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"slf\"}}");
        if (sub.get("code").getAsInt() != 200) {
            throw new IllegalStateException("slf subscribe failed: " + sub);
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < flooders; i++) {
            WireConn c = s.session();
            String token = s.anonymousUser(c)[1];
            String grp = c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"new\"}}").get("topic").getAsString();
            c.close();
            pairs.add(token + "," + grp);
        }
        // A server just started runs its first thousand requests several times slower than later
        // ones (the JIT compiles on the same pinned core): both phases are measured warm.
        warmUp(bystanderToken, warmUpSessions, 45);
        long[] warmFlood = flood(pairs, () -> Thread.sleep(warmUpFloodMs));
        roundTrips(bystander, 10, intervalMs);
        Histogram quiet = roundTrips(bystander, samples, intervalMs);

        Histogram[] measured = new Histogram[1];
        long t0 = System.nanoTime();
        long[] counts = flood(pairs, () -> {
            // The flood builds up before the bystander is measured.
            roundTrips(bystander, 5, intervalMs);
            measured[0] = roundTrips(bystander, samples, intervalMs);
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        bystander.close();
        Histogram flood = measured[0];
        double ratioP50 = (double) flood.getValueAtPercentile(50) / Math.max(1, quiet.getValueAtPercentile(50));
        double ratioP99 = (double) flood.getValueAtPercentile(99) / Math.max(1, quiet.getValueAtPercentile(99));
        System.out.println("S8 warm-up flood: " + warmFlood[0] + " frames, " + warmFlood[1] + " reconnects");
        return List.of(
                new Result("S8.bystander_rtt_quiet_p50", quiet.getValueAtPercentile(50) / 1000.0, "ms", quiet),
                new Result("S8.bystander_rtt_flood_p50", flood.getValueAtPercentile(50) / 1000.0, "ms", flood),
                new Result("S8.bystander_rtt_flood_over_quiet_p50", ratioP50, "x", null),
                new Result("S8.bystander_rtt_flood_over_quiet_p99", ratioP99, "x", null),
                new Result("S8.flood_frames_" + flooders + "_flooders", counts[0] / secs, "frames/s sent", null),
                new Result("S8.flooder_reconnects", counts[1] / secs, "closed for flooding per s", null));
    }

    /** What runs while the flood goes on. */
    private interface During {
        void run() throws Exception;
    }

    /**
     * Runs the flooders ({@link Flooders}) in a process of their own, at the lowest priority and on
     * the driver's last core where there is more than one, for as long as {@code during} runs.
     *
     * @return frames sent and reconnects
     */
    private long[] flood(List<String> pairs, During during) throws Exception {
        List<String> cmd = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
            cmd.addAll(List.of("/usr/bin/nice", "-n", "19"));
        }
        if (cores > 1 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", Integer.toString(cores - 1)));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Flooders.class.getName(), s.host));
        cmd.addAll(pairs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            String first = out.readLine();
            if (!"flooding".equals(first)) {
                throw new IllegalStateException("flooders did not start: " + first);
            }
            during.run();
            in.write("stop\n");
            in.flush();
            String last = out.readLine();
            if (last == null || !last.startsWith("frames ")) {
                throw new IllegalStateException("flooders ended without their counts: " + last);
            }
            String[] f = last.split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[3])};
        } finally {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * {@code sessions} sessions of the bystander's user, each publishing {@code each} messages
     * back to back (under the per-session burst of the default limits).
     */
    private void warmUp(String token, int sessions, int each) throws Exception {
        for (int i = 0; i < sessions; i++) {
            WireConn c = s.session();
            c.call("{\"login\":{\"id\":\"ID\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
            c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"slf\"}}");
            for (int k = 0; k < each; k++) {
                c.call("{\"pub\":{\"id\":\"ID\",\"topic\":\"slf\",\"noecho\":true,\"content\":\"warm " + k + "\"}}");
            }
            c.close();
        }
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
}

package io.github.tinodej.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone server under test in its own JVM (pinned to core 0 when taskset exists). */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    /** How long an unanswered poll waits and when an idle long-polling session expires (S6). */
    static final long LP_POLL_MS = 20_000;
    static final long LP_SESSION_MS = 3_000;
    /**
     * The server's JVM flags beyond the launcher's: none by default, since a user runs
     * {@code java -jar tinode.jar} (on one visible core the JVM then picks SerialGC and a quarter of
     * the RAM as heap). {@code tinodej.bench.jvm} adds flags for experiments, e.g.
     * {@code "-XX:+UseParallelGC -Xmx1g"}, and the report says so.
     */
    static final String JVM_FLAGS = System.getProperty("tinodej.bench.jvm", "").trim();
    private final Process process;
    final int port;

    /**
     * Starts the server on {@code db}. With the system property {@code tinodej.bench.jfr} set to a
     * file name, the server records a JFR profile into it.
     */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    ServerProcess(Path jar, Path data, BenchDb db) throws Exception {
        this(jar, data, db, false);
    }

    /** With {@code rateLimits} the server keeps its default rate limits (S8 measures them). */
    ServerProcess(Path jar, Path data, BenchDb db, boolean rateLimits) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/taskset")) && Runtime.getRuntime().availableProcessors() > 1) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", "0"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!JVM_FLAGS.isEmpty()) {
            cmd.addAll(List.of(JVM_FLAGS.split("\\s+")));
        }
        String jfr = System.getProperty("tinodej.bench.jfr");
        if (jfr != null && !jfr.isEmpty()) {
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        }
        cmd.addAll(List.of("-jar", jar.toString(),
                "--listen", "127.0.0.1:0", "--data", data.toString(), "--config", config(data, db, rateLimits).toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // The server's own log goes to server.log in its data folder, for reading after a failure.
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
                 java.io.Writer log = Files.newBufferedWriter(data.resolve("server.log"), StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        bound.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                bound.completeExceptionally(e);
            }
            bound.completeExceptionally(new IllegalStateException("server exited"));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        port = bound.get(120, TimeUnit.SECONDS);
        System.out.println("server on port " + port + ", log in " + data.resolve("server.log"));
    }

    /**
     * Stock settings, except groups large enough for the fan-out scenario, the counters page,
     * long-polling timeouts short enough to see abandoned sessions expire within the run, and no
     * rate limits: the load generators publish, log in and connect from one address far faster
     * than any person, which is what the limits exist to stop. The
     * property {@code tinodej.bench.conf} adds members for A/B runs, e.g. {@code "auth_thread_nice": 0}.
     */
    private static Path config(Path data, BenchDb db, boolean rateLimits) throws java.io.IOException {
        Files.createDirectories(data);
        Path conf = data.resolve("bench.conf");
        Files.writeString(conf, "{\"max_subscriber_count\": 20000, \"rate_limits\": {\"enabled\": " + rateLimits + "}, "
                + "\"expvar\": \"/debug/vars\", \"longpoll_timeout_ms\": "
                + LP_POLL_MS + ", \"longpoll_session_timeout_ms\": " + LP_SESSION_MS + ", \"store_config\": "
                + db.storeConfig() + extraConfig() + "}");
        return conf;
    }

    private static String extraConfig() {
        String extra = System.getProperty("tinodej.bench.conf", "").strip();
        return extra.isEmpty() ? "" : ", " + extra;
    }

    /** The server's counters from {@code /debug/vars}. */
    com.google.gson.JsonObject vars() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/debug/vars")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /**
     * Bytes of live objects in the server's heap: the total of {@code jcmd GC.class_histogram},
     * which collects first and counts only what is reachable. (Heap "used" read after a
     * {@code GC.run} also counts whatever was allocated since, 5-25 MB of noise per reading in
     * the soak.)
     */
    long heapAfterGcBytes() throws Exception {
        Process h = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!h.waitFor(120, TimeUnit.SECONDS) || h.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram failed: " + out);
        }
        Matcher m = HISTOGRAM_TOTAL.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in jcmd GC.class_histogram: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Writes the server's live-object histogram ({@code jcmd GC.class_histogram}, which collects
     * first) to {@code file}: comparing two of them names whatever grows during a soak.
     */
    void classHistogram(Path file) throws Exception {
        Process h = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true)
                .redirectOutput(file.toFile()).start();
        if (!h.waitFor(120, TimeUnit.SECONDS) || h.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram failed, see " + file);
        }
    }

    /** The server's RequestLatency buckets (Tinode's layout: counts, then bounds in ms). */
    record Latency(long[] counts, double[] bounds) {
        /** The bucket bound under which {@code percent} % of the requests between two snapshots fell. */
        double percentileSince(Latency before, double percent) {
            long total = 0;
            long[] d = new long[counts.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = counts[i] - before.counts[i];
                total += d[i];
            }
            double p = new io.github.tinodej.transport.ServerStats.Histogram(total, 0, d, bounds).percentile(percent);
            // Past the last bound (100 s): ten times it rather than an infinity JSON cannot hold.
            return Double.isInfinite(p) ? bounds[bounds.length - 1] * 10 : p;
        }
    }

    Latency requestLatency() throws Exception {
        com.google.gson.JsonObject h = vars().getAsJsonObject("RequestLatency");
        com.google.gson.JsonArray c = h.getAsJsonArray("count_per_bucket");
        com.google.gson.JsonArray b = h.getAsJsonArray("bounds");
        long[] counts = new long[c.size()];
        double[] bounds = new double[b.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = c.get(i).getAsLong();
        }
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = b.get(i).getAsDouble();
        }
        return new Latency(counts, bounds);
    }

    /** Open file descriptors of the server process. */
    long openFiles() throws Exception {
        try (var s = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return s.count();
        }
    }

    /** CPU time (user + system) the server process used so far, in milliseconds. */
    long cpuMillis() throws Exception {
        String[] f = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"))
                .replaceFirst("^.*\\) ", "").split(" ");
        // After the command name: field 14 (utime) and 15 (stime) of stat(5) are at 11 and 12 here.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** Resident set size of the server JVM in KiB, from /proc. */
    long rssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

package io.github.tinodej.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the calibration probes and the scenarios against {@code tinode.jar} in its own JVM and writes
 * {@code results.json} and {@code results.md}.
 *
 * <pre>java -cp ... io.github.tinodej.bench.BenchMain smoke|full JAR OUTPUT_DIR</pre>
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** The outcome of a run. */
    public record Report(List<Result> results, long errors) {
    }

    public static void main(String[] args) throws Exception {
        String profile = args.length > 0 ? args[0] : "smoke";
        Path jar = Path.of(args.length > 1 ? args[1] : "tinode-examples/target/tinode.jar");
        Path out = Path.of(args.length > 2 ? args[2] : "tinode-bench/target/bench-" + profile);
        Report r = run(profile, jar, out);
        System.out.println(Files.readString(out.resolve("results.md")));
        System.exit(r.errors() == 0 ? 0 : 1);
    }

    /** Runs a profile; never fails on timings, only reports them. */
    public static Report run(String profile, Path jar, Path out) throws Exception {
        boolean full = "full".equals(profile);
        Files.createDirectories(out);
        List<Result> results = new ArrayList<>();
        results.add(Probes.tcpPingPong(full ? 50_000 : 5_000));
        results.add(Probes.bcrypt(full ? 20 : 3));
        results.addAll(Probes.jdbc(out.resolve("probe-db"), full ? 5_000 : 500));
        try (UndertowProbe bare = new UndertowProbe(java.net.http.HttpClient.newHttpClient())) {
            bare.echo(full ? 5_000 : 500); // warm-up
            results.add(bare.echo(full ? 20_000 : 3_000));
            for (int members : full ? new int[] {128, 1000} : new int[] {128}) {
                results.add(bare.broadcast(members, full ? 50 : 10));
            }
        }
        long errors;
        Path data = Files.createTempDirectory("tinodej-bench");
        try (ServerProcess server = new ServerProcess(jar, data, "1g")) {
            Scenarios s = new Scenarios("127.0.0.1:" + server.port);
            // Warm-up: the JIT and the pools settle before anything is measured.
            s.p2pClosedLoop(4, full ? 5_000 : 1_000);
            for (int n : full ? new int[] {1000, 5000} : new int[] {200}) {
                results.addAll(s.idleSessions(server, n));
            }
            for (int pairs : full ? new int[] {10, 100} : new int[] {10}) {
                results.add(s.p2pClosedLoop(pairs, full ? 20_000 : 3_000));
            }
            for (int members : full ? new int[] {128, 1000} : new int[] {128}) {
                results.add(s.groupFanOut(members, full ? 50 : 10));
            }
            results.add(full ? s.historyPages(20, 1_000, 64, 20_000) : s.historyPages(4, 200, 8, 3_000));
            errors = s.errors.get();
        }
        write(profile, results, errors, out);
        return new Report(results, errors);
    }

    private static void write(String profile, List<Result> results, long errors, Path out) throws Exception {
        JsonObject root = new JsonObject();
        root.addProperty("profile", profile);
        root.addProperty("when", Instant.now().toString());
        root.addProperty("cores", Runtime.getRuntime().availableProcessors());
        root.addProperty("errors", errors);
        JsonArray a = new JsonArray();
        results.forEach(r -> a.add(r.toJson()));
        root.add("results", a);
        Files.writeString(out.resolve("results.json"), new GsonBuilder().setPrettyPrinting().create().toJson(root));
        StringBuilder md = new StringBuilder("| figure | value | latency |\n|---|---|---|\n");
        results.forEach(r -> md.append(r.toMarkdownRow()).append('\n'));
        md.append("\nLost or duplicated deliveries and failed requests: ").append(errors).append('\n');
        Files.writeString(out.resolve("results.md"), md.toString());
    }
}

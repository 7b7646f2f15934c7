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
 * <pre>java -cp ... io.github.tinodej.bench.BenchMain smoke|full|soak[:MINUTES] JAR OUTPUT_DIR [--db h2|mariadb] [--runs N] [--only S2,S5]</pre>
 *
 * <p>{@code --db mariadb} runs the probes and the server on a fresh {@code tinodej_bench} database of
 * the local MariaDB; {@code --runs N} repeats everything N times, each with a fresh server and
 * database, and reports the median with the range.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** The outcome of a run. */
    public record Report(List<Result> results, long errors) {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        String db = "h2";
        int runs = 1;
        java.util.Set<String> only = java.util.Set.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = java.util.Set.of(args[++i].toUpperCase(java.util.Locale.ROOT).split(","));
                default -> positional.add(args[i]);
            }
        }
        pinToLastCore();
        PushStub push = null;
        if ("tnpg".equals(System.getProperty("tinodej.bench.push", ""))) {
            // The server pushes every event to a gateway stub in this JVM (ServerProcess reads the
            // extra tinode.conf text from tinodej.bench.conf).
            push = new PushStub();
            String extra = System.getProperty("tinodej.bench.conf", "").strip();
            System.setProperty("tinodej.bench.conf", (extra.isEmpty() ? "" : extra + ", ") + push.pushConfig());
            System.out.println("push on: TNPG adapter to a local stub; every session registers a device");
        }
        String profile = positional.size() > 0 ? positional.get(0) : "smoke";
        Path jar = Path.of(positional.size() > 1 ? positional.get(1) : "tinode-examples/target/tinode.jar");
        Path out = Path.of(positional.size() > 2 ? positional.get(2) : "tinode-bench/target/bench-" + profile);
        Report r = run(profile, jar, out, db, runs, only);
        System.out.println(Files.readString(out.resolve("results.md")));
        if (push != null) {
            System.out.println("push batches received by the stub: " + push.batches.get());
            push.close();
        }
        System.exit(r.errors() == 0 ? 0 : 1);
    }

    /**
     * The server runs on core 0 (ServerProcess); the driver, its probes and its threads on the last
     * core, so that the two never share one. Only from {@link #main}: the smoke test runs inside
     * the build's JVM, which must not be pinned.
     */
    private static void pinToLastCore() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2 || !Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            System.out.println("driver not pinned: one core or no taskset");
            return;
        }
        Process p = new ProcessBuilder("/usr/bin/taskset", "-a", "-p", "-c", Integer.toString(cores - 1),
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset failed: " + out);
        }
        System.out.println("driver pinned to core " + (cores - 1) + "; server to core 0");
    }

    /** One smoke run on H2, as CI runs it. */
    public static Report run(String profile, Path jar, Path out) throws Exception {
        return run(profile, jar, out, "h2", 1, java.util.Set.of());
    }

    /**
     * Runs a profile {@code runs} times; never fails on timings, only reports them.
     *
     * @param only scenario ids to run (S1..S6, S8; probes always run), or empty for all
     */
    public static Report run(String profile, Path jar, Path out, String db, int runs, java.util.Set<String> only)
            throws Exception {
        if (profile.startsWith("soak")) {
            return soak(profile, jar, out, db);
        }
        if (!profile.equals("smoke") && !profile.equals("full")) {
            throw new IllegalArgumentException("profile must be smoke, full or soak[:MINUTES]: " + profile);
        }
        Files.createDirectories(out);
        List<List<Result>> all = new ArrayList<>();
        long errors = 0;
        for (int i = 0; i < runs; i++) {
            List<Result> results = new ArrayList<>();
            errors += once(profile.equals("full"), jar, db, results, id -> only.isEmpty() || only.contains(id));
            all.add(results);
            System.out.println("run " + (i + 1) + " of " + runs + " done; errors so far: " + errors);
            // Written after every run, so a long series that dies late still leaves its figures.
            write(profile, db, all.size() == 1 ? all.get(0) : Result.medians(all), errors, out);
        }
        List<Result> folded = runs == 1 ? all.get(0) : Result.medians(all);
        return new Report(folded, errors);
    }

    /** S7 on its own (manual, an hour by default): {@code soak} or {@code soak:MINUTES}. */
    private static Report soak(String profile, Path jar, Path out, String dbKind) throws Exception {
        int minutes = profile.contains(":") ? Integer.parseInt(profile.substring(profile.indexOf(':') + 1)) : 60;
        Path data = Files.createTempDirectory("tinodej-soak");
        BenchDb db = dbKind.equals("mariadb") ? BenchDb.mariadb() : BenchDb.h2(data.resolve("db"));
        Files.createDirectories(out);
        try (ServerProcess server = new ServerProcess(jar, data, db)) {
            Scenarios s = new Scenarios("127.0.0.1:" + server.port);
            List<Result> results = new Soak(s, server, out).run(10_000, minutes, 100);
            write("soak", dbKind, results, s.errors.get(), out);
            return new Report(results, s.errors.get());
        }
    }

    private static long once(boolean full, Path jar, String dbKind, List<Result> results,
            java.util.function.Predicate<String> want) throws Exception {
        Path data = Files.createTempDirectory("tinodej-bench");
        BenchDb db = switch (dbKind) {
            case "h2" -> BenchDb.h2(data.resolve("db"));
            case "mariadb" -> BenchDb.mariadb();
            default -> throw new IllegalArgumentException("--db must be h2 or mariadb: " + dbKind);
        };
        // tinodej.bench.probes=false skips the calibration probes, for A/B series of one scenario.
        if (Boolean.parseBoolean(System.getProperty("tinodej.bench.probes", "true"))) {
            probes(full, db, results);
        }
        return scenarios(full, jar, data, db, dbKind, results, want);
    }

    private static void probes(boolean full, BenchDb db, List<Result> results) throws Exception {
        if (full) {
            // The probes run in this JVM, which lives across runs: warm its JIT first, or the first
            // run's probes are several times slower than the others'.
            Probes.tcpPingPong(5_000);
            Probes.jdbc(db, 2_000);
        }
        results.add(Probes.tcpPingPong(full ? 50_000 : 5_000));
        // Both ends in this JVM: 10k would need 20k descriptors, more than a process may hold.
        for (int members : full ? new int[] {128, 1000} : new int[] {128}) {
            results.add(Probes.tcpFanOut(members, full ? 50 : 10));
        }
        results.add(Probes.bcrypt(full ? 20 : 3));
        results.addAll(Probes.jdbc(db, full ? 5_000 : 500));
        try (UndertowProbe bare = new UndertowProbe(java.net.http.HttpClient.newHttpClient())) {
            bare.echo(full ? 5_000 : 500); // warm-up
            results.add(bare.echo(full ? 20_000 : 3_000));
            for (int members : full ? new int[] {128, 1000} : new int[] {128}) {
                results.add(bare.broadcast(members, full ? 50 : 10));
            }
        }
    }

    private static long scenarios(boolean full, Path jar, Path data, BenchDb db, String dbKind, List<Result> results,
            java.util.function.Predicate<String> want) throws Exception {
        long errors = 0;
        List<String> history = null;
        try (ServerProcess server = new ServerProcess(jar, data, db)) {
            Scenarios s = new Scenarios("127.0.0.1:" + server.port);
            // Idle CPU over two of the WebSocket keepalive periods (49.5 s), so that pings count.
            long idleMillis = Long.getLong("tinodej.bench.s1idle", full ? 100_000 : 5_000);
            if (want.test("S1")) {
                // Cold: a server that just started, as users meet it after a restart (JIT included).
                results.addAll(s.idleSessions(server, full ? 1000 : 200, idleMillis, "cold"));
            }
            // Warm-up: the JIT and the pools settle before anything else is measured.
            s.p2pClosedLoop(4, full ? 5_000 : 1_000);
            if (want.test("S1")) {
                // 19k is the most one server holds under the 20k file descriptors a process may have.
                // tinodej.bench.s1sizes (e.g. "3000") narrows S1 for a profile of session setup.
                String sizes = System.getProperty("tinodej.bench.s1sizes", full ? "1000,5000,19000" : "200");
                for (String n : sizes.split(",")) {
                    results.addAll(s.idleSessions(server, Integer.parseInt(n.trim()), idleMillis, "warm"));
                }
            }
            Result closed = null;
            if (want.test("S2") || want.test("S4")) {
                // tinodej.bench.s2pairs (e.g. "100") narrows the closed loop's sizes for A/B series.
                int[] sizes = full ? java.util.Arrays.stream(System.getProperty("tinodej.bench.s2pairs", "10,100").split(","))
                        .mapToInt(p -> Integer.parseInt(p.strip())).toArray() : new int[] {10};
                for (int pairs : sizes) {
                    closed = s.p2pClosedLoop(pairs, full ? 20_000 : 3_000, server, results);
                }
            }
            if (want.test("S2")) {
                // Open loop at fractions of the closed-loop capacity just measured.
                // tinodej.bench.s2fractions ("" to skip) picks the levels relative to that capacity.
                double[] fractions = java.util.Arrays.stream(System.getProperty("tinodej.bench.s2fractions", "0.25,0.5,0.75")
                        .split(",")).map(String::strip).filter(f -> !f.isEmpty()).mapToDouble(Double::parseDouble).toArray();
                results.addAll(s.p2pOpenLoop(server, full ? 1000 : 10, closed.value(), fractions, full ? 15_000 : 2_000));
                // tinodej.bench.s2rates (e.g. "760,1520,2280") adds open-loop levels at fixed rates,
                // the shapes Tsung's S2O and issue 18's targets use.
                String rates = System.getProperty("tinodej.bench.s2rates", "").strip();
                if (!rates.isEmpty()) {
                    results.addAll(s.p2pOpenLoop(server, 1000, 1,
                            java.util.Arrays.stream(rates.split(",")).mapToDouble(r -> Double.parseDouble(r.strip())).toArray(),
                            full ? 15_000 : 2_000));
                }
            }
            if (want.test("S3")) {
                for (int members : full ? new int[] {128, 1000} : new int[] {128}) {
                    results.add(s.groupFanOut(members, full ? 50 : 10, false));
                }
                if (full) {
                    results.add(s.groupFanOut(10_000, 20, true));
                }
            }
            if (want.test("S4")) {
                // tinodej.bench.s4rate fixes the background rate, so A/B runs offer the same load.
                double background = Double.parseDouble(
                        System.getProperty("tinodej.bench.s4rate", Double.toString(closed.value() * 0.25)));
                results.addAll(full
                        ? new LoginStorm(s).run(300, 2_000, 100, background, 10_000)
                        : new LoginStorm(s).run(10, 50, 4, background, 2_000));
            }
            if (want.test("S6")) {
                results.addAll(full
                        ? new LongPollScenario(s, server).run(2_000, 500, 30_000)
                        : new LongPollScenario(s, server).run(50, 50, 3_000));
            }
            errors += s.errors.get();
            if (want.test("S5")) {
                if (full) {
                    // benchmarks.md's 100 topics x 10k messages: topics over the protocol, the
                    // history written into the database while the server is down.
                    history = s.historyTopics(100, 1);
                } else {
                    results.addAll(s.historyPages(s.historyTopics(4, 200), 200, 8, 3_000));
                }
            }
        }
        if (history != null) {
            HistorySeed.append(db, history, 2, 10_000);
            results.add(Probes.pageQuery(db, history, 10_000, 20_000));
            try (ServerProcess server = new ServerProcess(jar, data, db)) {
                Scenarios s = new Scenarios("127.0.0.1:" + server.port);
                results.addAll(s.historyPages(history, 10_000, 64, 20_000));
                errors += s.errors.get();
            }
        }
        if (want.test("S8")) {
            // Its own server, with the default rate limits: the flood is what they are for.
            Path floodData = Files.createTempDirectory("tinodej-bench-flood");
            BenchDb floodDb = dbKind.equals("mariadb") ? BenchDb.mariadb() : BenchDb.h2(floodData.resolve("db"));
            try (ServerProcess server = new ServerProcess(jar, floodData, floodDb, true)) {
                Scenarios s = new Scenarios("127.0.0.1:" + server.port);
                // One pub every 220 ms: a busy person, under the default 5 pubs/s a session may make.
                results.addAll(new FloodScenario(s).run(full ? 4 : 2, full ? 300 : 25, 220, full ? 30 : 2, full ? 20_000 : 2_000));
                errors += s.errors.get();
            }
        }
        return errors;
    }

    private static void write(String profile, String db, List<Result> results, long errors, Path out) throws Exception {
        JsonObject root = new JsonObject();
        root.addProperty("profile", profile);
        root.addProperty("db", db);
        root.addProperty("when", Instant.now().toString());
        root.addProperty("cores", Runtime.getRuntime().availableProcessors());
        root.addProperty("server_jvm_flags", ServerProcess.JVM_FLAGS.isEmpty() ? "launcher defaults" : ServerProcess.JVM_FLAGS);
        root.addProperty("errors", errors);
        JsonArray a = new JsonArray();
        results.forEach(r -> a.add(r.toJson()));
        root.add("results", a);
        Files.writeString(out.resolve("results.json"), new GsonBuilder().setPrettyPrinting().create().toJson(root));
        StringBuilder md = new StringBuilder("Server JVM flags: " + (ServerProcess.JVM_FLAGS.isEmpty()
                ? "none (the launcher's defaults)" : ServerProcess.JVM_FLAGS) + "\n\n| figure | value | latency |\n|---|---|---|\n");
        results.forEach(r -> md.append(r.toMarkdownRow()).append('\n'));
        md.append("\nLost or duplicated deliveries and failed requests: ").append(errors).append('\n');
        Files.writeString(out.resolve("results.md"), md.toString());
    }
}

package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** The scenarios of shared/benchmarks.md that this driver runs. */
final class Scenarios {
    private static final String HI = "{\"hi\":{\"id\":\"ID\",\"ver\":\"0.25.3\",\"ua\":\"tinodej-bench\"}}";
    /** With a push gateway (tinodej.bench.push): each session registers a device token of its own. */
    private static final boolean DEVICES = !System.getProperty("tinodej.bench.push", "").isEmpty();
    /**
     * S1's client: {@code nio} ({@link NioWsClient}, the default) or {@code jdk} ({@link WireConn}, which
     * S1 used until 2026-12-07), for A/B runs of the driver itself. The JDK client spends ~1.8 ms of CPU
     * per connect and {@code hi}, so S1 through it measured the driver, not the server.
     */
    private static final String S1_CLIENT = System.getProperty("tinodej.bench.s1client", "nio");
    /** Clients setting up S1's sessions at once (each: connect, hi, login, sub me, then the next). */
    private static final int S1_CLIENTS = Integer.getInteger("tinodej.bench.s1clients", 64);
    private final AtomicLong devices = new AtomicLong();
    private final HttpClient client = HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "bench-ws");
                t.setDaemon(true);
                return t;
            })).build();
    final String host;
    /** Lost or duplicated deliveries: any is a failure of the run. */
    final AtomicLong errors = new AtomicLong();

    Scenarios(String host) {
        this.host = host;
    }

    WireConn session() throws Exception {
        WireConn c = WireConn.open(client, host);
        hi(c);
        return c;
    }

    /** A session that has said hi, on {@code nio}'s selector or, when it is null, on the JDK client. */
    ProtocolConn session(NioWsClient nio) throws Exception {
        if (nio == null) {
            return session();
        }
        ProtocolConn c = nio.open(host);
        try {
            hi(c);
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void hi(ProtocolConn c) throws Exception {
        c.call(DEVICES ? "{\"hi\":{\"id\":\"ID\",\"ver\":\"0.25.3\",\"ua\":\"tinodej-bench\",\"platf\":\"android\","
                + "\"dev\":\"bench-device-" + devices.incrementAndGet() + "\"}}" : HI);
    }

    /** An anonymous account (no password hashing) whose p2p defaults let anonymous peers in. */
    String[] anonymousUser(ProtocolConn c) throws Exception {
        JsonObject r = c.call("{\"acc\":{\"id\":\"ID\",\"user\":\"new\",\"scheme\":\"anonymous\",\"login\":true,"
                + "\"desc\":{\"defacs\":{\"auth\":\"JRWPA\",\"anon\":\"JRWPA\"}}}}");
        if (r.get("code").getAsInt() != 200) {
            throw new IllegalStateException("account creation failed: " + r);
        }
        JsonObject p = r.getAsJsonObject("params");
        return new String[] {p.get("user").getAsString(), p.get("token").getAsString()};
    }

    /**
     * Distinct anonymous accounts made ahead of a measurement (not timed), {@code n} tokens. The
     * accounts are never logged into, so each later login loads its user's state from the store,
     * as after a restart or for a crowd of different people.
     */
    List<String> freshAccounts(int n, NioWsClient nio) throws Exception {
        List<String> tokens = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService workers = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int share = n / 8 + (w < n % 8 ? 1 : 0);
            jobs.add(workers.submit(() -> {
                for (int i = 0; i < share; i++) {
                    // One session per account: an anonymous account's token comes with its login.
                    ProtocolConn c = session(nio);
                    try {
                        tokens.add(anonymousUser(c)[1]);
                    } finally {
                        c.close();
                    }
                }
                return null;
            }));
        }
        awaitAll(jobs);
        workers.shutdown();
        return tokens;
    }

    /**
     * S1: sessions that say hi, log in by token as distinct users and attach to 'me'; the setup
     * rate, memory per session (per-user state included) and the idle CPU with all of them open,
     * over {@code idleMillis} (at least two keepalive periods in the full profile, so that pings
     * are in it). A refused login or {@code sub me} counts as an error.
     *
     * @param label "cold" for a fresh server, "warm" after the JIT warm-up
     */
    List<Result> idleSessions(ServerProcess server, int n, long idleMillis, String label) throws Exception {
        // One selector thread: the driver has one core, and one thread carries thousands of connects/s.
        try (NioWsClient nio = S1_CLIENT.equals("jdk") ? null : new NioWsClient(1)) {
            return idleSessions(server, n, idleMillis, label, nio);
        }
    }

    private List<Result> idleSessions(ServerProcess server, int n, long idleMillis, String label, NioWsClient nio)
            throws Exception {
        List<String> tokens = freshAccounts(n, nio);
        ProtocolConn first = session(nio);
        long heapBefore = server.heapAfterGcBytes();
        long rssBefore = server.rssKib();
        List<ProtocolConn> conns = java.util.Collections.synchronizedList(new ArrayList<>());
        ConcurrentHistogram setup = new ConcurrentHistogram(3);
        // Sessions are set up by S1_CLIENTS concurrent clients, as a crowd reconnecting would.
        java.util.concurrent.ExecutorService workers = Executors.newFixedThreadPool(S1_CLIENTS);
        List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
        long serverCpu = server.cpuMillis();
        long driverCpu = driverCpuNanos();
        long start = System.nanoTime();
        for (String token : tokens) {
            jobs.add(workers.submit(() -> {
                long t0 = System.nanoTime();
                ProtocolConn c = session(nio);
                conns.add(c);
                JsonObject login = c.call("{\"login\":{\"id\":\"ID\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
                JsonObject sub = c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"me\"}}");
                if (login.get("code").getAsInt() != 200 || sub.get("code").getAsInt() != 200) {
                    errors.incrementAndGet();
                }
                setup.recordValue((System.nanoTime() - t0) / 1000);
                return null;
            }));
        }
        awaitAll(jobs);
        workers.shutdown();
        double secs = (System.nanoTime() - start) / 1e9;
        serverCpu = server.cpuMillis() - serverCpu;
        driverCpu = driverCpuNanos() - driverCpu;
        long rssAfter = server.rssKib();
        long heapAfter = server.heapAfterGcBytes();
        long cpuBefore = server.cpuMillis();
        long idleStart = System.nanoTime();
        java.util.concurrent.locks.LockSupport.parkNanos(idleMillis * 1_000_000L);
        double idleCpu = (server.cpuMillis() - cpuBefore) / ((System.nanoTime() - idleStart) / 1e6);
        // Every session must outlive the idle time (over 100 s the server pings twice and drops a
        // client that does not answer): a dropped one is an error, not a smaller idle figure.
        long dropped = conns.stream().filter(ProtocolConn::isClosed).count() + (first.isClosed() ? 1 : 0);
        if (dropped > 0) {
            System.out.println("S1: " + dropped + " sessions ended while idle");
            errors.addAndGet(dropped);
        }
        List<Result> out = new ArrayList<>();
        String tag = "_" + n + "_" + label;
        out.add(new Result("S1.setup_rate" + tag, n / secs, "sessions/s (distinct users)", setup));
        // CPU per session on each side: what the rate cannot tell on a shared machine, and whether
        // the driver or the server was the limit.
        out.add(new Result("S1.server_cpu_per_session" + tag, (double) serverCpu / n, "ms of server CPU/session", null));
        out.add(new Result("S1.driver_cpu_per_session" + tag, driverCpu / 1e6 / n,
                "ms of driver CPU/session (" + (nio == null ? "JDK" : "NIO") + " client)", null));
        out.add(new Result("S1.heap_per_session" + tag, (heapAfter - heapBefore) / 1024.0 / n, "KiB/session", null));
        out.add(new Result("S1.rss_per_session" + tag, (rssAfter - rssBefore) / (double) n, "KiB/session", null));
        // Idle CPU with every session open: pings, timers and presence must cost next to nothing.
        out.add(new Result("S1.idle_cpu" + tag, idleCpu * 100, "% of a core over " + idleMillis / 1000 + " s", null));
        long liveBefore = server.vars().get("LiveSessions").getAsLong() - conns.size() - 1;
        long closeCpu = server.cpuMillis();
        for (ProtocolConn c : conns) {
            c.close();
        }
        first.close();
        // Let the server see every socket go before the next size: it may hold only 20k files.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.vars().get("LiveSessions").getAsLong() > liveBefore && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        // What a session's end costs (leaving 'me', the user's last-seen time): a crowd that
        // reconnects pays it as often as the setup.
        out.add(new Result("S1.server_cpu_per_close" + tag, (double) (server.cpuMillis() - closeCpu) / n,
                "ms of server CPU/session closed (sampled every 100 ms)", null));
        return out;
    }

    /** S2: pairs exchanging 100-byte p2p messages in a closed loop; persisted pubs/s and delivery latency. */
    Result p2pClosedLoop(int pairs, long millis) throws Exception {
        return p2pClosedLoop(pairs, millis, null, new ArrayList<>());
    }

    /**
     * The closed loop, adding to {@code out} its rate and, with a server process to read, the
     * server's CPU time per persisted pub: a cost figure that holds even when the driver or
     * another process takes CPU from the server (A/B comparisons such as push on and off).
     */
    Result p2pClosedLoop(int pairs, long millis, ServerProcess server, List<Result> out) throws Exception {
        try (P2pPairs pp = new P2pPairs(this, pairs, errors)) {
            long cpuBefore = server == null ? 0 : server.cpuMillis();
            long deadline = System.nanoTime() + millis * 1_000_000L;
            java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(pairs);
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (P2pPairs.Pair p : pp.pairs) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        pp.acked(p, p.sender.call(p.pub(System.nanoTime())));
                    }
                    return null;
                }));
            }
            awaitAll(running);
            double secs = (System.nanoTime() - start) / 1e9;
            long cpu = server == null ? 0 : server.cpuMillis() - cpuBefore;
            pool.shutdown();
            pp.settle();
            Result rate = new Result("S2.p2p_closed_loop_" + pairs + "_pairs", pp.acked.get() / secs,
                    "persisted pubs/s", pp.latency);
            out.add(rate);
            if (server != null && pp.acked.get() > 0) {
                out.add(new Result("S2.server_cpu_per_pub_" + pairs + "_pairs", cpu * 1000.0 / pp.acked.get(),
                        "us of server CPU per pub", null));
            }
            return rate;
        }
    }

    /**
     * S2 open loop: the same pairs offered fixed fractions of the closed-loop rate; what matters is
     * the delivery latency at each load, measured from the intended send time.
     */
    List<Result> p2pOpenLoop(ServerProcess server, int pairs, double maxRate, double[] fractions, long millis)
            throws Exception {
        List<Result> out = new ArrayList<>();
        try (P2pPairs pp = new P2pPairs(this, pairs, errors)) {
            for (double f : fractions) {
                pp.resetLatency();
                ServerProcess.Latency before = server.requestLatency();
                long deadline = System.nanoTime() + millis * 1_000_000L;
                long start = System.nanoTime();
                long sent = pp.openLoop(maxRate * f, () -> System.nanoTime() < deadline);
                double secs = (System.nanoTime() - start) / 1e9;
                pp.settle();
                ServerProcess.Latency after = server.requestLatency();
                // maxRate 1 means the fractions are absolute rates (msgs/s), as Tsung's S2O offers them.
                String level = maxRate == 1 ? Math.round(f) + "_per_s" : Math.round(f * 100) + "pct";
                out.add(new Result(String.format("S2.p2p_open_loop_%d_pairs_at_%s", pairs, level),
                        sent / secs, "offered pubs/s", pp.latency));
                // The server's own view (request arrival to ack, Tinode's 1 ms buckets): tells the
                // server's tail from the driver's.
                out.add(new Result(String.format("S2.server_ack_latency_p99_at_%s", level),
                        after.percentileSince(before, 99), "ms (bucket bound)", null));
            }
        }
        return out;
    }

    /**
     * S3: one group ({@code channel} false) or channel, {@code members} attached subscribers; each
     * of {@code messages} messages is timed from its send until every member has it. Reports the
     * completion times and the delivered frames per second over the run. Large audiences use a
     * channel, as Tinode intends: group members are told about each other's arrival, so setting up
     * 10k group members alone costs ~50M presence frames.
     */
    Result groupFanOut(int members, int messages, boolean channel) throws Exception {
        WireConn owner = session();
        anonymousUser(owner);
        String grp = owner.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + (channel ? "nch" : "new")
                + "\",\"set\":{\"desc\":{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"JRWPS\"}}}}}")
                .get("topic").getAsString();
        String join = channel ? "chn" + grp.substring(3) : grp;
        java.util.concurrent.atomic.AtomicLongArray received = new java.util.concurrent.atomic.AtomicLongArray(messages + 2);
        List<WireConn> conns = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService setup = Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            jobs.add(setup.submit(() -> {
                WireConn c = session();
                conns.add(c);
                anonymousUser(c);
                c.onData(d -> received.incrementAndGet(d.get("seq").getAsInt()));
                JsonObject r = c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + join + "\"}}");
                if (r.get("code").getAsInt() != 200) {
                    throw new IllegalStateException("join failed: " + r);
                }
                return null;
            }));
        }
        awaitAll(jobs);
        setup.shutdown();
        Histogram completion = new Histogram(3);
        long start = System.nanoTime();
        for (int m = 0; m < messages; m++) {
            long t0 = System.nanoTime();
            JsonObject ack = owner.call("{\"pub\":{\"id\":\"ID\",\"topic\":\"" + grp
                    + "\",\"noecho\":true,\"content\":\"fan-out\"}}");
            int seq = ack.getAsJsonObject("params").get("seq").getAsInt();
            long deadline = t0 + 30_000_000_000L;
            while (received.get(seq) < members && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (received.get(seq) != members) {
                errors.incrementAndGet();
            }
            completion.recordValue((System.nanoTime() - t0) / 1000);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        for (WireConn c : conns) {
            c.close();
        }
        owner.close();
        return new Result("S3." + (channel ? "channel" : "group") + "_fanout_" + members + "_members",
                (double) members * messages / secs, "delivered frames/s", completion);
    }
    /**
     * S5 set-up: {@code topics} groups of {@code perTopic} messages each, published over the
     * protocol by one owner per topic. Returns the topic names.
     */
    List<String> historyTopics(int topics, int perTopic) throws Exception {
        List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(Math.min(topics, 32));
        List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            jobs.add(pool.submit(() -> {
                WireConn owner = session();
                try {
                    anonymousUser(owner);
                    String grp = owner.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"new\",\"set\":{\"desc\":"
                            + "{\"defacs\":{\"auth\":\"JRWPS\",\"anon\":\"JRWPS\"}}}}}").get("topic").getAsString();
                    for (int i = 0; i < perTopic; i++) {
                        JsonObject ack = owner.call("{\"pub\":{\"id\":\"ID\",\"topic\":\"" + grp
                                + "\",\"noecho\":true,\"content\":\"history " + i + " " + P2pPairs.PAD + "\"}}");
                        if (ack.get("code").getAsInt() != 202) {
                            errors.incrementAndGet();
                        }
                    }
                    names.add(grp);
                } finally {
                    owner.close();
                }
                return null;
            }));
        }
        awaitAll(jobs);
        pool.shutdown();
        return new ArrayList<>(names);
    }

    /**
     * S5: {@code readers} sessions attached to every topic fetch 24-message pages at random points
     * of histories {@code perTopic} messages long, in a closed loop. Every page must be full.
     */
    List<Result> historyPages(List<String> names, int perTopic, int readers, long millis) throws Exception {
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(readers);
        List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicLong pages = new AtomicLong();
        List<WireConn> readerConns = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            WireConn c = session();
            readerConns.add(c);
            anonymousUser(c);
            for (String grp : names) {
                JsonObject sub = c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + grp + "\"}}");
                if (sub.get("code").getAsInt() != 200) {
                    throw new IllegalStateException("history reader could not join: " + sub);
                }
            }
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long start = System.nanoTime();
        for (WireConn c : readerConns) {
            jobs.add(pool.submit(() -> {
                java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    String grp = names.get(rnd.nextInt(names.size()));
                    int before = 25 + rnd.nextInt(perTopic - 23);
                    long t0 = System.nanoTime();
                    JsonObject ctrl = c.call("{\"get\":{\"id\":\"ID\",\"topic\":\"" + grp
                            + "\",\"what\":\"data\",\"data\":{\"before\":" + before + ",\"limit\":24}}}");
                    latency.recordValue((System.nanoTime() - t0) / 1000);
                    if (ctrl.get("code").getAsInt() != 208
                            || ctrl.getAsJsonObject("params").get("count").getAsInt() != 24) {
                        errors.incrementAndGet();
                    }
                    pages.incrementAndGet();
                }
                return null;
            }));
        }
        awaitAll(jobs);
        double secs = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Result closed = new Result(String.format("S5.history_pages_%d_topics_x_%d_msgs_%d_readers", names.size(),
                perTopic, readers), pages.get() / secs, "24-message pages/s", latency);
        Result open = historyPagesOpenLoop(readerConns, names, perTopic, closed.value() / 2, millis / 2);
        readerConns.forEach(WireConn::close);
        return List.of(closed, open);
    }

    /**
     * S5 at a fixed load: pages requested at {@code rate} over the readers, round robin, without
     * waiting for answers; latency from the intended request time to the page's closing ctrl.
     */
    private Result historyPagesOpenLoop(List<WireConn> readers, List<String> names, int perTopic, double rate,
            long millis) throws Exception {
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        java.util.Random rnd = new java.util.Random(7);
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        long k = OpenLoop.run(rate, () -> System.nanoTime() < end, errors, (i, intended) -> {
            WireConn c = readers.get((int) (i % readers.size()));
            String grp = names.get(rnd.nextInt(names.size()));
            int before = 25 + rnd.nextInt(perTopic - 23);
            return c.request("{\"get\":{\"id\":\"ID\",\"topic\":\"" + grp
                    + "\",\"what\":\"data\",\"data\":{\"before\":" + before + ",\"limit\":24}}}").thenAccept(ctrl -> {
                        latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                        if (ctrl.get("code").getAsInt() != 208
                                || ctrl.getAsJsonObject("params").get("count").getAsInt() != 24) {
                            errors.incrementAndGet();
                        }
                    });
        });
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result("S5.history_pages_open_loop_at_50pct", k / secs, "pages/s offered", latency);
    }

    /** CPU time of this JVM, every thread (client selector, workers, GC) included. */
    private static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Waits for every job; the first failure is rethrown. */
    static void awaitAll(List<java.util.concurrent.Future<?>> jobs) throws Exception {
        for (java.util.concurrent.Future<?> j : jobs) {
            j.get();
        }
    }
}

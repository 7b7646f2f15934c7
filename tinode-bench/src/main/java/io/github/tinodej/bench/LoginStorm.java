package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * S4: password logins (bcrypt at Tinode's cost 10) arriving all at once from many clients while
 * one-to-one traffic runs at a quarter of its capacity; then token logins, which must stay cheap.
 * The password-login rate is read against the raw bcrypt probe; the background traffic's p99
 * against the same traffic without the storm.
 */
final class LoginStorm {
    private static final int CLIENTS = 16;
    private final Scenarios s;

    LoginStorm(Scenarios s) {
        this.s = s;
    }

    List<Result> run(int passwordLogins, int tokenLogins, int pairs, double backgroundRate, long calmMillis)
            throws Exception {
        List<Result> out = new ArrayList<>();
        WireConn admin = s.session();
        String login = "storm" + System.nanoTime() % 100_000;
        String secret = Base64.getEncoder().encodeToString((login + ":storm-password").getBytes());
        JsonObject acc = admin.call("{\"acc\":{\"id\":\"ID\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + secret + "\",\"login\":true}}");
        if (acc.get("code").getAsInt() != 200) {
            throw new IllegalStateException("storm account not created: " + acc);
        }
        String token = acc.getAsJsonObject("params").get("token").getAsString();
        try (P2pPairs background = new P2pPairs(s, pairs, s.errors)) {
            // The same background load alone first, so its latency has something to be read against.
            long calmEnd = System.nanoTime() + calmMillis * 1_000_000L;
            background.openLoop(backgroundRate, () -> System.nanoTime() < calmEnd);
            background.settle();
            out.add(new Result("S4.background_p2p_calm", backgroundRate, "offered pubs/s (25 % of S2)",
                    background.latency));
            background.resetLatency();

            AtomicBoolean storming = new AtomicBoolean(true);
            Thread load = new Thread(() -> background.openLoop(backgroundRate, storming::get), "s4-background");
            load.start();
            ConcurrentHistogram loginLatency = new ConcurrentHistogram(3);
            double secs = storm(passwordLogins, loginLatency, c -> c.call(
                    "{\"login\":{\"id\":\"ID\",\"scheme\":\"basic\",\"secret\":\"" + secret + "\"}}"));
            storming.set(false);
            load.join();
            background.settle();
            out.add(new Result("S4.password_logins_" + passwordLogins + "_storm", passwordLogins / secs,
                    "logins/s", loginLatency));
            out.add(new Result("S4.background_p2p_during_storm", backgroundRate, "offered pubs/s (25 % of S2)",
                    background.latency));
        }
        ConcurrentHistogram tokenLatency = new ConcurrentHistogram(3);
        double secs = storm(tokenLogins, tokenLatency, c -> c.call(
                "{\"login\":{\"id\":\"ID\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}"));
        out.add(new Result("S4.token_logins_" + tokenLogins, tokenLogins / secs, "logins/s", tokenLatency));
        admin.close();
        return out;
    }

    private interface Login {
        JsonObject send(WireConn c) throws Exception;
    }

    /**
     * Opens {@code n} sessions that said hi (not timed), then logs each in from {@link #CLIENTS}
     * concurrent clients; returns the seconds the logins took. A failed login is an error.
     */
    private double storm(int n, ConcurrentHistogram latency, Login login) throws Exception {
        List<WireConn> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(s.session());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> jobs = new ArrayList<>();
        long start = System.nanoTime();
        for (WireConn c : conns) {
            jobs.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                JsonObject r = login.send(c);
                latency.recordValue((System.nanoTime() - t0) / 1000);
                if (r.get("code").getAsInt() != 200) {
                    s.errors.incrementAndGet();
                }
                return null;
            }));
        }
        Scenarios.awaitAll(jobs);
        double secs = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        conns.forEach(WireConn::close);
        return secs;
    }
}

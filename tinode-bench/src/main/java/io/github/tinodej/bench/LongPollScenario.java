package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * S6: long-polling receivers, each with a poll parked on the server, receive one-to-one messages
 * from WebSocket senders at a fixed rate; latency runs from the intended send time to the poll's
 * answer. Then the receivers walk away and every abandoned session must expire: the server's
 * {@code LiveSessions} counter has to come back down.
 */
final class LongPollScenario {
    private static final int RECEIVERS_PER_SENDER = 100;
    private final Scenarios s;
    private final ServerProcess server;

    LongPollScenario(Scenarios s, ServerProcess server) {
        this.s = s;
        this.server = server;
    }

    private record Receiver(LpConn conn, String uid, String senderUid, Set<Integer> delivered, Set<Integer> acked) {
    }

    List<Result> run(int receivers, double rate, long millis) throws Exception {
        long liveBefore = server.vars().get("LiveSessions").getAsLong();
        ExecutorService httpPool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-lp");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().executor(httpPool).build();
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        List<WireConn> senders = new ArrayList<>();
        List<String> senderUids = new ArrayList<>();
        for (int i = 0; i < (receivers + RECEIVERS_PER_SENDER - 1) / RECEIVERS_PER_SENDER; i++) {
            WireConn c = s.session();
            senders.add(c);
            senderUids.add(s.anonymousUser(c)[0]);
        }
        List<Receiver> rs = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService setup = Executors.newFixedThreadPool(16);
        List<Future<?>> jobs = new ArrayList<>();
        long setupStart = System.nanoTime();
        for (int i = 0; i < receivers; i++) {
            int senderIndex = i / RECEIVERS_PER_SENDER;
            jobs.add(setup.submit(() -> {
                LpConn c = LpConn.open(http, s.host);
                c.call("{\"hi\":{\"id\":\"ID\",\"ver\":\"0.25.3\",\"ua\":\"tinodej-bench-lp\"}}");
                String uid = s.anonymousUser(c)[0];
                Receiver r = new Receiver(c, uid, senderUids.get(senderIndex), ConcurrentHashMap.newKeySet(),
                        ConcurrentHashMap.newKeySet());
                c.onData(d -> {
                    String content = d.get("content").getAsString();
                    long t0 = Long.parseLong(content.substring(1, content.indexOf(' ')));
                    latency.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
                    if (!r.delivered().add(d.get("seq").getAsInt())) {
                        s.errors.incrementAndGet();
                    }
                });
                WireConn sender = senders.get(senderIndex);
                check(sender.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + uid + "\"}}"), 200);
                check(c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + r.senderUid() + "\"}}"), 200);
                rs.add(r);
                return null;
            }));
        }
        Scenarios.awaitAll(jobs);
        setup.shutdown();
        double setupSecs = (System.nanoTime() - setupStart) / 1e9;
        long openFiles = server.openFiles();

        // Paced sends: receiver k % n gets message k, from its sender, at start + k / rate.
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        long k = OpenLoop.run(rate, () -> System.nanoTime() < end, s.errors, (i, intended) -> {
            Receiver r = rs.get((int) (i % rs.size()));
            WireConn sender = senders.get(senderUids.indexOf(r.senderUid()));
            return sender.request("{\"pub\":{\"id\":\"ID\",\"topic\":\"" + r.uid()
                    + "\",\"noecho\":true,\"content\":\"t" + intended + " " + P2pPairs.PAD + "\"}}").thenAccept(ack -> {
                        if (ack.get("code").getAsInt() == 202) {
                            r.acked().add(ack.getAsJsonObject("params").get("seq").getAsInt());
                        } else {
                            s.errors.incrementAndGet();
                        }
                    });
        });
        double secs = (System.nanoTime() - start) / 1e9;
        long settle = System.nanoTime() + 10_000_000_000L;
        for (Receiver r : rs) {
            while (!r.delivered().containsAll(r.acked()) && System.nanoTime() < settle) {
                Thread.onSpinWait();
            }
            if (!r.delivered().containsAll(r.acked())) {
                s.errors.incrementAndGet();
            }
        }

        // Walk away: the last reply answers the parked poll and nobody polls again.
        for (Receiver r : rs) {
            r.conn().stopPolling();
            r.conn().request("{\"leave\":{\"id\":\"ID\",\"topic\":\"" + r.senderUid() + "\"}}");
        }
        long walkedAway = System.nanoTime();
        long expectedLive = liveBefore + senders.size();
        long deadline = walkedAway + TimeUnit.MILLISECONDS.toNanos(ServerProcess.LP_SESSION_MS * 4 + 10_000);
        long live;
        while ((live = server.vars().get("LiveSessions").getAsLong()) > expectedLive && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
        }
        double expirySecs = (System.nanoTime() - walkedAway) / 1e9;
        if (live > expectedLive) {
            s.errors.incrementAndGet();
        }
        senders.forEach(WireConn::close);
        httpPool.shutdownNow();

        List<Result> out = new ArrayList<>();
        out.add(new Result("S6.long_poll_setup_" + receivers + "_sessions", receivers / setupSecs, "sessions/s", null));
        out.add(new Result(String.format("S6.long_poll_%d_parked_at_%.0f_per_s", receivers, rate), k / secs,
                "delivered msgs/s", latency));
        out.add(new Result("S6.long_poll_fds_with_" + receivers + "_parked", openFiles, "open files", null));
        out.add(new Result("S6.long_poll_sessions_left_after_expiry", Math.max(0, live - expectedLive), "sessions",
                null));
        out.add(new Result("S6.long_poll_expiry_after_walk_away", expirySecs, "s (session timeout "
                + ServerProcess.LP_SESSION_MS / 1000.0 + " s)", null));
        return out;
    }

    private static void check(JsonObject ctrl, int code) {
        if (ctrl.get("code").getAsInt() != code) {
            throw new IllegalStateException("unexpected reply: " + ctrl);
        }
    }
}

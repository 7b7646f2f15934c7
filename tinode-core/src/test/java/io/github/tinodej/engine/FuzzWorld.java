package io.github.tinodej.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A server for the engine fuzzers, kept for a whole fuzzing run (Jazzer runs {@code @BeforeEach}
 * once when fuzzing, once per input when replaying the corpus): a user with a group, every session
 * the fuzzer opens checked frame by frame, and the engine's log and threads watched for uncaught
 * exceptions. Not thread-safe: one fuzzer thread drives it.
 */
final class FuzzWorld implements AutoCloseable {
    /** ctrl codes at or above 500 a request may legitimately get: not implemented, unavailable, old version. */
    private static final Set<Integer> LEGIT_5XX = Set.of(501, 503, 505);
    private static final Set<String> KINDS = Set.of("ctrl", "meta", "data", "pres", "info");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Sessions kept open after their probe, so replies that come late from topics are still checked. */
    private static final int KEEP_OPEN = 16;

    private final Logger engineLog = Logger.getLogger("io.github.tinodej");
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Handler watcher = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue() || r.getThrown() instanceof RuntimeException
                    || r.getThrown() instanceof Error) {
                failures.add("logged: " + r.getLevel() + " " + r.getMessage() + " " + r.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    private final Deque<Session> open = new ArrayDeque<>();
    private LocalTransport local;
    private TinodeServer server;
    String token;
    String me;
    String other;
    String group;
    long frames;
    long sessions;

    FuzzWorld() {
        engineLog.addHandler(watcher);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> failures.add("uncaught in " + t.getName() + ": " + e));
        start();
    }

    /** A fresh server, user and group: after a fuzzed frame deleted the account or the group. */
    void start() {
        if (server != null) {
            closeServer();
        }
        local = new LocalTransport();
        server = TestServers.builder().store(new MemoryStore()).transport(local).rateLimits(RateLimits.NONE)
                .build().start();
        try (TestClient o = new TestClient(local); TestClient c = new TestClient(local)) {
            o.hi();
            o.createBasic("other", "other-secret");
            other = o.userId();
            c.hi();
            c.createBasic("fuzzer", "fuzzer-secret");
            token = c.token();
            me = c.userId();
            group = c.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        }
    }

    /** Replaces the placeholders seeds use for what differs between servers: $G group, $M own id, $U other user. */
    String expand(String text) {
        return text.replace("$G", group).replace("$M", me).replace("$U", other);
    }

    /** A new client session; it is checked and closed after {@link #KEEP_OPEN} later ones. */
    Session connect() {
        Session s = new Session();
        open.addLast(s);
        sessions++;
        while (open.size() > KEEP_OPEN) {
            open.removeFirst().finish();
        }
        return s;
    }

    /** Fails with everything that went wrong so far, clearing it. */
    void assertHealthy() {
        if (!failures.isEmpty()) {
            List<String> copy = new ArrayList<>(failures);
            failures.clear();
            throw new AssertionError(String.join("\n", copy));
        }
    }

    @Override
    public void close() {
        closeServer();
        engineLog.removeHandler(watcher);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        if (frames > 10_000) {
            System.out.printf("FuzzWorld: %d fuzzed frames in %d sessions%n", frames, sessions);
        }
        assertHealthy();
    }

    private void closeServer() {
        while (!open.isEmpty()) {
            open.removeFirst().finish();
        }
        server.close();
        server = null;
    }

    /** One client connection whose every frame from the server must be a well-formed reply. */
    final class Session {
        private final BlockingQueue<String> in = new LinkedBlockingQueue<>();
        private volatile boolean closedByServer;
        private final LocalTransport.Client conn;
        private final List<String> seen = new ArrayList<>();

        private Session() {
            conn = local.connect(in::add, () -> closedByServer = true);
        }

        void send(String frame) {
            conn.send(frame);
        }

        /** Sends a fuzzed frame (counted). */
        void fuzz(String frame) {
            frames++;
            conn.send(frame);
        }

        boolean closedByServer() {
            return closedByServer;
        }

        /** Frames up to and including the ctrl with this id, each checked; null if none came in time or the server closed. */
        JsonObject await(String id) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String f;
                try {
                    f = in.poll(closedByServer ? 0 : 50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (f == null) {
                    if (closedByServer) {
                        return null;
                    }
                    continue;
                }
                JsonObject o = check(f);
                if (o != null && o.has("ctrl") && id.equals(idOf(o.getAsJsonObject("ctrl")))) {
                    return o.getAsJsonObject("ctrl");
                }
            }
            return null;
        }

        /** Drains and checks what arrived, then closes. */
        void finish() {
            conn.close();
            for (String f; (f = in.poll()) != null;) {
                check(f);
            }
        }

        /** The frames this session received (for assertions on content). */
        List<String> seen() {
            return seen;
        }

        private JsonObject check(String f) {
            seen.add(f);
            if ("0".equals(f)) {
                return null;
            }
            JsonElement e;
            try {
                e = JsonParser.parseString(f);
            } catch (RuntimeException x) {
                failures.add("not JSON: " + f);
                return null;
            }
            if (!e.isJsonObject() || e.getAsJsonObject().size() != 1
                    || !KINDS.contains(e.getAsJsonObject().keySet().iterator().next())) {
                failures.add("not a server message: " + f);
                return null;
            }
            JsonObject o = e.getAsJsonObject();
            if (o.has("ctrl")) {
                int code = o.getAsJsonObject("ctrl").get("code").getAsInt();
                if (code >= 500 && !LEGIT_5XX.contains(code)) {
                    failures.add("server error: " + f);
                }
            }
            return o;
        }

        private static String idOf(JsonObject ctrl) {
            return ctrl.has("id") ? ctrl.get("id").getAsString() : null;
        }
    }
}

package io.github.tinodej.store.jdbc;

import com.google.gson.JsonObject;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Publish load for the fault tests: each publisher is a session and a thread sending {@code {pub}}
 * after {@code {pub}} to one topic and recording every answer, until stopped. What was
 * acknowledged is then compared with what the topics hold; the figures go into one line that
 * RELIABILITY.md can quote.
 */
final class PublishLoad implements AutoCloseable {
    /** One answered {@code {pub}}; times are {@link System#nanoTime()}. */
    record Reply(int index, String publisher, String topic, String content, int code, int seq, long sent, long answered) {
        long millis() {
            return (answered - sent) / 1_000_000;
        }
    }

    /** What the topics hold compared with what was acknowledged. */
    record Check(int acked, int lost, int gaps, int duplicateAcks, int seqsNotIncreasing, int failed, int failedButStored,
            String failCodes, long maxFailMillis, int unanswered) {
        String summary() {
            return "acked " + acked + ", lost " + lost + ", seq gaps " + gaps + ", duplicate seqs " + duplicateAcks
                    + ", seq not increasing " + seqsNotIncreasing + ", failed " + failed + " " + failCodes + " (slowest "
                    + maxFailMillis + " ms, stored anyway " + failedButStored + "), unanswered " + unanswered;
        }
    }

    private record Publisher(String name, TestClient client, String wireTopic, String topic) {
    }

    /**
     * Two users, a group and their p2p topic, four publishers: each user publishes to each topic
     * from a session of its own (so every topic has two writers racing for seqs).
     */
    static PublishLoad groupAndP2p(io.github.tinodej.transport.LocalTransport local) {
        String tag = Long.toString(System.nanoTime(), 36);
        PublishLoad load = new PublishLoad();
        TestClient a1 = load.client(local);
        a1.hi();
        a1.createBasic("a" + tag, "load-secret");
        TestClient b1 = load.client(local);
        b1.hi();
        b1.createBasic("b" + tag, "load-secret");
        TestClient a2 = load.client(local);
        a2.hi();
        a2.loginBasic("a" + tag, "load-secret");
        TestClient b2 = load.client(local);
        b2.hi();
        b2.loginBasic("b" + tag, "load-secret");
        String grp = subscribe(a1, "new");
        subscribe(b1, grp);
        String p2p = "p2p:" + a1.userId() + "/" + b1.userId();
        subscribe(a2, b1.userId());
        subscribe(b2, a1.userId());
        load.add("a-grp", a1, grp, grp);
        load.add("b-grp", b1, grp, grp);
        load.add("a-p2p", a2, b1.userId(), p2p);
        load.add("b-p2p", b2, a1.userId(), p2p);
        return load;
    }

    private static String subscribe(TestClient c, String topic) {
        String id = "s" + c.nextId();
        c.send("{\"sub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\"}}");
        JsonObject ctrl = c.ctrlFor(id);
        if (ctrl.get("code").getAsInt() != 200) {
            throw new AssertionError("sub " + topic + ": " + ctrl);
        }
        return ctrl.get("topic").getAsString();
    }

    private final List<TestClient> clients = new ArrayList<>();

    private TestClient client(io.github.tinodej.transport.LocalTransport local) {
        TestClient c = new TestClient(local);
        clients.add(c);
        return c;
    }

    /** Publishers in start order: their sessions stay usable for reads after {@link #stop()}. */
    List<String> publisherNames() {
        return publishers.stream().map(Publisher::name).toList();
    }

    private final List<Publisher> publishers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();
    private int unanswered;
    private volatile boolean stop;

    /**
     * Adds a publisher; {@code topic} names the topic the same way for every publisher (a p2p topic
     * is called by the peer's id on the wire, so {@code wireTopic} differs per side).
     */
    void add(String name, TestClient client, String wireTopic, String topic) {
        publishers.add(new Publisher(name, client, wireTopic, topic));
    }

    void start() {
        for (Publisher p : publishers) {
            Thread t = new Thread(() -> run(p), "publisher-" + p.name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run(Publisher p) {
        for (int i = 0; !stop; i++) {
            String content = p.name + "-m" + i;
            long sent = System.nanoTime();
            p.client.send("{\"pub\":{\"id\":\"" + content + "\",\"topic\":\"" + p.wireTopic
                    + "\",\"noecho\":true,\"content\":\"" + content + "\"}}");
            JsonObject ctrl;
            try {
                ctrl = p.client.ctrlFor(content);
            } catch (AssertionError e) {
                // No answer within the client's timeout: the failure these tests exist to catch.
                synchronized (this) {
                    unanswered++;
                    notifyAll();
                }
                return;
            }
            int code = ctrl.get("code").getAsInt();
            int seq = code == 202 ? ctrl.getAsJsonObject("params").get("seq").getAsInt() : 0;
            synchronized (this) {
                replies.add(new Reply(replies.size(), p.name, p.topic, content, code, seq, sent, System.nanoTime()));
                notifyAll();
            }
        }
    }

    /** The index the next reply will get: a mark for the "since" queries. */
    synchronized int mark() {
        return replies.size();
    }

    /** Waits (on replies, not on a clock) until {@code condition} holds over the replies so far. */
    synchronized void await(String what, Duration timeout, Predicate<List<Reply>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(replies)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || unanswered > 0) {
                throw new AssertionError("timed out waiting for " + what + "; unanswered " + unanswered + ", last replies "
                        + replies.subList(Math.max(0, replies.size() - 8), replies.size()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until at least {@code n} publishes were acknowledged in all. */
    void awaitAcks(int n, Duration timeout) throws InterruptedException {
        await(n + " acks", timeout, r -> r.stream().filter(x -> x.code == 202).count() >= n);
    }

    /** Waits until every publisher got {@code n} answers with codes matching {@code ok} since {@code mark}. */
    void awaitEach(String what, int mark, int n, Predicate<Integer> codeOk, Duration timeout) throws InterruptedException {
        await(what, timeout, r -> publishers.stream().allMatch(p -> r.subList(Math.min(mark, r.size()), r.size()).stream()
                .filter(x -> x.publisher.equals(p.name) && codeOk.test(x.code)).count() >= n));
    }

    /** Copies of the replies so far. */
    synchronized List<Reply> replies() {
        return new ArrayList<>(replies);
    }

    /** Stops the publishers after their current request. */
    void stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    /** Stops the publishers and closes the sessions this class opened. */
    @Override
    public void close() throws InterruptedException {
        stop();
        clients.forEach(TestClient::close);
    }

    /** Topics named by {@code topic} in {@link #add}, each with a client allowed to read it under its wire name. */
    Map<String, Map<Integer, String>> readBack() {
        Map<String, Map<Integer, String>> out = new HashMap<>();
        for (Publisher p : publishers) {
            out.computeIfAbsent(p.topic, k -> history(p.client, p.wireTopic));
        }
        return out;
    }

    /** Compares the acknowledged publishes with the topics' contents. */
    Check check(Map<String, Map<Integer, String>> stored) {
        List<Reply> all = replies();
        Map<String, Map<Integer, String>> acked = new HashMap<>();
        int duplicates = 0;
        int failed = 0;
        int failedButStored = 0;
        long maxFail = 0;
        Map<Integer, Integer> codes = new TreeMap<>();
        Map<String, Integer> lastSeq = new HashMap<>();
        int notIncreasing = 0;
        for (Reply r : all) {
            if (r.code == 202) {
                // One publisher waits for each answer, so its acks must come in seq order.
                Integer last = lastSeq.put(r.publisher, r.seq);
                if (last != null && r.seq <= last) {
                    notIncreasing++;
                }
                if (acked.computeIfAbsent(r.topic, k -> new HashMap<>()).put(r.seq, r.content) != null) {
                    duplicates++;
                }
            } else {
                failed++;
                codes.merge(r.code, 1, Integer::sum);
                maxFail = Math.max(maxFail, r.millis());
                if (stored.getOrDefault(r.topic, Map.of()).containsValue(r.content)) {
                    failedButStored++;
                }
            }
        }
        int ackedCount = 0;
        int lost = 0;
        for (Map.Entry<String, Map<Integer, String>> t : acked.entrySet()) {
            Map<Integer, String> s = stored.getOrDefault(t.getKey(), Map.of());
            for (Map.Entry<Integer, String> e : t.getValue().entrySet()) {
                ackedCount++;
                if (!e.getValue().equals(s.get(e.getKey()))) {
                    lost++;
                }
            }
        }
        int gaps = 0;
        for (Map<Integer, String> s : stored.values()) {
            int max = s.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            gaps += max - s.size();
        }
        int noAnswer;
        synchronized (this) {
            noAnswer = unanswered;
        }
        return new Check(ackedCount, lost, gaps, duplicates, notIncreasing, failed, failedButStored, codes.toString(), maxFail, noAnswer);
    }

    /**
     * Every message of a topic, seq to content, read page by page from the newest. A live
     * {@code {data}} that slips in among a page is a stored message too; paging follows the
     * lowest seq seen and the count in the page's {@code {ctrl}}.
     */
    static Map<Integer, String> history(TestClient c, String topic) {
        Map<Integer, String> out = new TreeMap<>();
        int before = 0;
        while (true) {
            String id = "h" + c.nextId();
            c.send("{\"get\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"what\":\"data\",\"data\":{"
                    + (before > 0 ? "\"before\":" + before + "," : "") + "\"limit\":100}}}");
            while (true) {
                JsonObject f = c.next();
                if (f.has("data") && f.getAsJsonObject("data").get("topic").getAsString().equals(topic)) {
                    JsonObject d = f.getAsJsonObject("data");
                    int seq = d.get("seq").getAsInt();
                    out.put(seq, d.get("content").getAsString());
                    before = before == 0 ? seq : Math.min(before, seq);
                } else if (f.has("ctrl") && f.getAsJsonObject("ctrl").has("id")
                        && id.equals(f.getAsJsonObject("ctrl").get("id").getAsString())) {
                    JsonObject ctrl = f.getAsJsonObject("ctrl");
                    if (ctrl.get("code").getAsInt() != 208 || ctrl.getAsJsonObject("params").get("count").getAsInt() < 100) {
                        return out;
                    }
                    break;
                }
            }
        }
    }
}

package io.github.tinodej.interop;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publish load against a launcher process over real WebSockets, for the crash and shutdown tests:
 * two users, a group and their p2p topic, four publishers (each user on each topic, from a
 * connection of its own), or a {@linkplain #crowd crowd} of users. Every answer is recorded; after a restart the topics are read back and
 * compared with what was acknowledged.
 */
final class WireLoad {
    /** One answered {@code {pub}}. */
    record Reply(String publisher, String topic, String content, int code, int seq) {
    }

    /** What the topics hold compared with what was acknowledged. */
    record Check(int acked, int ackedGroup, int ackedP2p, int lost, int gaps, int duplicateAcks, int unackedButStored,
            int publishers) {
        String summary() {
            return "acked " + acked + " (group " + ackedGroup + ", p2p " + ackedP2p + "; " + publishers + " publishers), lost " + lost
                    + ", seq gaps " + gaps + ", duplicate seqs " + duplicateAcks + ", unacked but stored " + unackedButStored;
        }
    }

    private record Publisher(String name, WireConnection client, String wireTopic, String topic) {
    }

    private final List<Publisher> publishers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();
    /** Every {@code {pub}} sent, content to topic: the unanswered ones may be stored too. */
    private final Map<String, String> sent = new HashMap<>();
    /** Publishers that received {@code {ctrl 205 "server shutdown"}}. */
    private final List<String> shutdownNotices = new ArrayList<>();
    private volatile boolean stop;
    /** Topic key to who reads it back after the restart: {token, topic name as that user sees it}. */
    private final Map<String, String[]> readers = new java.util.LinkedHashMap<>();

    static WireLoad groupAndP2p(int port) throws Exception {
        WireLoad load = new WireLoad();
        String tag = Long.toString(System.nanoTime(), 36);
        WireClient a1 = new WireClient(port);
        JsonObject accA = account(a1, "fa" + tag);
        String tokenA = accA.getAsJsonObject("params").get("token").getAsString();
        String uidA = accA.getAsJsonObject("params").get("user").getAsString();
        WireClient b1 = new WireClient(port);
        JsonObject accB = account(b1, "fb" + tag);
        String tokenB = accB.getAsJsonObject("params").get("token").getAsString();
        String uidB = accB.getAsJsonObject("params").get("user").getAsString();
        String group = sub(a1, "new");
        sub(b1, group);
        WireClient a2 = login(port, tokenA);
        WireClient b2 = login(port, tokenB);
        sub(a2, uidB);
        sub(b2, uidA);
        load.publishers.add(new Publisher("a-grp", a1, group, "grp"));
        load.publishers.add(new Publisher("b-grp", b1, group, "grp"));
        load.publishers.add(new Publisher("a-p2p", a2, uidB, "p2p"));
        load.publishers.add(new Publisher("b-p2p", b2, uidA, "p2p"));
        load.readers.put("grp", new String[] {tokenA, group});
        load.readers.put("p2p", new String[] {tokenA, uidB});
        return load;
    }

    /**
     * {@code users} accounts, two WebSocket connections each: one publishing to a group all of them
     * joined, one to the p2p topic with the next user (a ring, so {@code users} p2p topics); then
     * {@code longPolls} long-polling sessions, user {@code i}'s publishing to its p2p topic with
     * user {@code i + users / 2} (needs {@code users > 2}).
     */
    static WireLoad crowd(int port, int users, int longPolls) throws Exception {
        WireLoad load = new WireLoad();
        String tag = Long.toString(System.nanoTime(), 36);
        List<WireClient> first = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            WireClient c = new WireClient(port);
            JsonObject acc = account(c, "c" + i + tag);
            first.add(c);
            tokens.add(acc.getAsJsonObject("params").get("token").getAsString());
            uids.add(acc.getAsJsonObject("params").get("user").getAsString());
        }
        String group = sub(first.get(0), "new");
        load.readers.put("grp", new String[] {tokens.get(0), group});
        for (int i = 0; i < users; i++) {
            if (i > 0) {
                sub(first.get(i), group);
            }
            load.publishers.add(new Publisher("u" + i + "-grp", first.get(i), group, "grp"));
        }
        for (int i = 0; i < users; i++) {
            String peer = uids.get((i + 1) % users);
            WireClient c = login(port, tokens.get(i));
            sub(c, peer);
            load.publishers.add(new Publisher("u" + i + "-p2p", c, peer, "p2p-" + i));
            load.readers.put("p2p-" + i, new String[] {tokens.get(i), peer});
        }
        for (int i = 0; i < longPolls; i++) {
            String peer = uids.get((i + users / 2) % users);
            LpWireClient c = new LpWireClient(port);
            login(c, tokens.get(i));
            sub(c, peer);
            load.publishers.add(new Publisher("u" + i + "-lp", c, peer, "p2p-lp-" + i));
            load.readers.put("p2p-lp-" + i, new String[] {tokens.get(i), peer});
        }
        return load;
    }

    /** How many connections publish. */
    int publisherCount() {
        return publishers.size();
    }

    private static JsonObject account(WireConnection c, String login) throws InterruptedException {
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
        c.next("ctrl");
        c.send("{\"acc\":{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"basic\",\"login\":true,\"secret\":\""
                + Base64.getEncoder().encodeToString((login + ":" + login).getBytes()) + "\"}}");
        return c.next("ctrl");
    }

    static WireClient login(int port, String token) throws Exception {
        WireClient c = new WireClient(port);
        login(c, token);
        return c;
    }

    /** {@code {hi}} and a token login on a fresh connection of either kind. */
    static void login(WireConnection c, String token) throws InterruptedException {
        c.send("{\"hi\":{\"id\":\"1\",\"ver\":\"0.25.3\"}}");
        c.next("ctrl");
        c.send("{\"login\":{\"id\":\"2\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
        JsonObject ctrl = c.next("ctrl");
        if (ctrl.get("code").getAsInt() != 200) {
            throw new AssertionError("login: " + ctrl);
        }
    }

    static String sub(WireConnection c, String topic) throws InterruptedException {
        c.send("{\"sub\":{\"id\":\"s\",\"topic\":\"" + topic + "\"}}");
        JsonObject ctrl = c.next("ctrl");
        if (ctrl.get("code").getAsInt() != 200) {
            throw new AssertionError("sub " + topic + ": " + ctrl);
        }
        return ctrl.get("topic").getAsString();
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
        try {
            for (int i = 0; !stop; i++) {
                String content = p.name + "-m" + i;
                synchronized (this) {
                    sent.put(content, p.topic);
                }
                p.client.send("{\"pub\":{\"id\":\"" + content + "\",\"topic\":\"" + p.wireTopic
                        + "\",\"noecho\":true,\"content\":\"" + content + "\"}}");
                while (true) {
                    JsonObject ctrl = p.client.next("ctrl");
                    if (ctrl.get("code").getAsInt() == 205 && !ctrl.has("id")) {
                        synchronized (this) {
                            shutdownNotices.add(p.name);
                            notifyAll();
                        }
                        continue;
                    }
                    if (ctrl.has("id") && content.equals(ctrl.get("id").getAsString())) {
                        int code = ctrl.get("code").getAsInt();
                        int seq = code == 202 ? ctrl.getAsJsonObject("params").get("seq").getAsInt() : 0;
                        synchronized (this) {
                            replies.add(new Reply(p.name, p.topic, content, code, seq));
                            notifyAll();
                        }
                        break;
                    }
                }
            }
        } catch (Throwable e) {
            // The connection ended (the server was killed or stopped): this publisher is done.
        }
    }

    /** Waits, on replies rather than a clock, until {@code n} publishes were acknowledged. */
    synchronized void awaitAcks(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (replies.stream().filter(r -> r.code == 202).count() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + replies.size() + " answers within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until a publisher heard the shutdown notice. */
    synchronized void awaitShutdownNotice(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (shutdownNotices.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no {ctrl 205} within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the publishers to end (their connections closed) or stops them after {@code timeout}. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        stop = true;
        for (Publisher p : publishers) {
            p.client.close();
        }
        for (Thread t : threads) {
            t.join(15_000);
        }
    }

    /** Publishers whose connection carried the notice, whether or not their thread got to read it. */
    List<String> shutdownNotices() {
        List<String> heard = new ArrayList<>();
        for (Publisher p : publishers) {
            if (p.client.heardShutdown()) {
                heard.add(p.name);
            }
        }
        return heard;
    }

    /** Close codes of the publishers' WebSockets (-1: broken without a close frame). */
    List<Integer> closeCodes() throws Exception {
        List<Integer> codes = new ArrayList<>();
        for (Publisher p : publishers) {
            if (p.client instanceof WireClient ws) {
                codes.add(ws.closeCode());
            }
        }
        return codes;
    }

    /** For each long-polling publisher: whether it got the notice, and the status that ended it. */
    List<String> longPollEnds() throws Exception {
        List<String> ends = new ArrayList<>();
        for (Publisher p : publishers) {
            if (p.client instanceof LpWireClient lp) {
                ends.add((lp.heardShutdown() ? "205" : "no notice") + ", then " + lp.endStatus());
            }
        }
        return ends;
    }

    /** Reads every topic back from a (restarted) server, each as one of its members. */
    Map<String, Map<Integer, String>> readBack(int port) throws Exception {
        Map<String, Map<Integer, String>> out = new HashMap<>();
        for (Map.Entry<String, String[]> r : readers.entrySet()) {
            try (WireClient c = login(port, r.getValue()[0])) {
                sub(c, r.getValue()[1]);
                out.put(r.getKey(), history(c, r.getValue()[1]));
            }
        }
        return out;
    }

    /**
     * One more message to every topic on a (restarted) server, each from one of its members; the
     * seq each got. After a crash it must follow the last stored one: the topic's seq is recovered.
     */
    Map<String, Integer> publishOnceMore(int port) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (Map.Entry<String, String[]> r : readers.entrySet()) {
            try (WireClient c = login(port, r.getValue()[0])) {
                sub(c, r.getValue()[1]);
                c.send("{\"pub\":{\"id\":\"after\",\"topic\":\"" + r.getValue()[1] + "\",\"content\":\"after restart\"}}");
                JsonObject ctrl = c.next("ctrl");
                if (ctrl.get("code").getAsInt() != 202) {
                    throw new AssertionError("pub after restart: " + ctrl);
                }
                out.put(r.getKey(), ctrl.getAsJsonObject("params").get("seq").getAsInt());
            }
        }
        return out;
    }

    /** Every message of a topic, seq to content, page by page from the newest. */
    static Map<Integer, String> history(WireClient c, String topic) throws InterruptedException {
        Map<Integer, String> out = new TreeMap<>();
        int before = 0;
        while (true) {
            c.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + topic + "\",\"what\":\"data\",\"data\":{"
                    + (before > 0 ? "\"before\":" + before + "," : "") + "\"limit\":100}}}");
            int got = 0;
            while (true) {
                JsonObject f = c.poll(15_000);
                if (f == null) {
                    throw new AssertionError("history page did not finish");
                }
                if (f.has("data")) {
                    JsonObject d = f.getAsJsonObject("data");
                    out.put(d.get("seq").getAsInt(), d.get("content").getAsString());
                    before = d.get("seq").getAsInt();
                    got++;
                } else if (f.has("ctrl")) {
                    break;
                }
            }
            if (got < 100) {
                return out;
            }
        }
    }

    /** How many publishes to this topic were acknowledged. */
    synchronized long acknowledged(String topic) {
        return replies.stream().filter(r -> r.code == 202 && r.topic.equals(topic)).count();
    }

    synchronized Check check(Map<String, Map<Integer, String>> stored) {
        Map<String, Map<Integer, String>> acked = new HashMap<>();
        int duplicates = 0;
        for (Reply r : replies) {
            if (r.code == 202 && acked.computeIfAbsent(r.topic, k -> new HashMap<>()).put(r.seq, r.content) != null) {
                duplicates++;
            }
        }
        int lost = 0;
        for (Map.Entry<String, Map<Integer, String>> t : acked.entrySet()) {
            Map<Integer, String> s = stored.getOrDefault(t.getKey(), Map.of());
            for (Map.Entry<Integer, String> e : t.getValue().entrySet()) {
                if (!e.getValue().equals(s.get(e.getKey()))) {
                    lost++;
                }
            }
        }
        java.util.Set<String> ackedContents = new java.util.HashSet<>();
        acked.values().forEach(m -> ackedContents.addAll(m.values()));
        int gaps = 0;
        int unackedButStored = 0;
        for (Map<Integer, String> s : stored.values()) {
            int max = s.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            gaps += max - s.size();
            for (String content : s.values()) {
                if (sent.containsKey(content) && !ackedContents.contains(content)) {
                    unackedButStored++;
                }
            }
        }
        int grp = acked.getOrDefault("grp", Map.of()).size();
        int p2p = acked.entrySet().stream().filter(e -> e.getKey().startsWith("p2p")).mapToInt(e -> e.getValue().size()).sum();
        return new Check(grp + p2p, grp, p2p, lost, gaps, duplicates, unackedButStored, publishers.size());
    }
}

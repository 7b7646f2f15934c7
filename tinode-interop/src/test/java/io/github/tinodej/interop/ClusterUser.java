package io.github.tinodej.interop;

import com.google.gson.JsonObject;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user of the cluster test on one node: publishes and waits for acks, subscribing again when
 * a topic's master moved ({@code {pres what:"term"}} detaches it: the next publish gets 409) or a
 * request was lost with a dying node (no answer), and remembers what it heard.
 */
final class ClusterUser {
    /** A publish the server acknowledged. */
    record Ack(String key, int seq, String content) {
    }

    final int index;
    final String login;
    int node;
    WireClient ws;
    String uid;
    String token;
    String group;
    String peerUid;
    /** Contents of {data} frames this client received. */
    final Set<String> heard = ConcurrentHashMap.newKeySet();
    private int ids;

    ClusterUser(int index, int node) {
        this.index = index;
        this.login = String.format("clu%04d", index);
        this.node = node;
    }

    /** Connects to {@code port} and signs up (first time) or logs in with the basic password. */
    void connect(int port, boolean signUp) throws Exception {
        ws = new WireClient(port);
        ws.send("{\"hi\":{\"id\":\"h\",\"ver\":\"0.25.3\"}}");
        ws.next("ctrl");
        String secret = Base64.getEncoder().encodeToString((login + ":" + login).getBytes());
        JsonObject ctrl = signUp
                ? request("acc", "\"user\":\"new\",\"scheme\":\"basic\",\"login\":true,\"secret\":\"" + secret + "\"", 30_000)
                : request("login", "\"scheme\":\"basic\",\"secret\":\"" + secret + "\"", 30_000);
        if (ctrl == null || ctrl.get("code").getAsInt() != 200) {
            throw new AssertionError(login + ": " + ctrl);
        }
        uid = ctrl.getAsJsonObject("params").get("user").getAsString();
        token = ctrl.getAsJsonObject("params").get("token").getAsString();
    }

    /** Subscribes, retrying while the cluster settles; returns the topic name the server answered with. */
    String subscribe(String topic, long budgetMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + budgetMs;
        while (System.currentTimeMillis() < deadline) {
            JsonObject ctrl = request("sub", "\"topic\":\"" + topic + "\"", 5_000);
            if (ctrl != null && ctrl.get("code").getAsInt() < 400) {
                return ctrl.has("topic") ? ctrl.get("topic").getAsString() : topic;
            }
            Thread.sleep(200); // Back-off while ownership moves; not synchronisation.
        }
        throw new AssertionError(login + ": could not subscribe to " + topic + " within " + budgetMs + " ms");
    }

    /** Publishes until acknowledged, subscribing again after 409 or a lost request; null if the budget ran out. */
    Ack publish(String key, String topic, String content, long budgetMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + budgetMs;
        while (System.currentTimeMillis() < deadline) {
            JsonObject ctrl = request("pub", "\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"" + content + "\"", 5_000);
            if (ctrl != null && ctrl.get("code").getAsInt() == 202) {
                return new Ack(key, ctrl.getAsJsonObject("params").get("seq").getAsInt(), content);
            }
            subscribe(topic, Math.max(1, deadline - System.currentTimeMillis()));
        }
        return null;
    }

    /** Sends {@code {kind:{id, body}}} and waits for its ctrl; null after {@code timeoutMs}. */
    JsonObject request(String kind, String body, long timeoutMs) throws InterruptedException {
        String id = login + "-" + (++ids);
        ws.send("{\"" + kind + "\":{\"id\":\"" + id + "\"," + body + "}}");
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            JsonObject f = left <= 0 ? null : ws.poll(left);
            if (f == null) {
                return null;
            }
            if (f.has("data")) {
                heard.add(f.getAsJsonObject("data").get("content").getAsString());
            } else if (f.has("ctrl") && f.getAsJsonObject("ctrl").has("id")
                    && id.equals(f.getAsJsonObject("ctrl").get("id").getAsString())) {
                return f.getAsJsonObject("ctrl");
            }
        }
    }

    /** Reads what arrives until a content matching {@code p} was heard; false after {@code ms}. */
    boolean awaitHeard(java.util.function.Predicate<String> p, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (heard.stream().noneMatch(p)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            JsonObject f = ws.poll(Math.min(left, 200));
            if (f != null && f.has("data")) {
                heard.add(f.getAsJsonObject("data").get("content").getAsString());
            }
        }
        return true;
    }

    void close() {
        if (ws != null) {
            ws.close();
        }
    }

}

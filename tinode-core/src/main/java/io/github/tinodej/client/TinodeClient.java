package io.github.tinodej.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.transport.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A typed Tinode client inside the server's JVM, for bots, bridges and tests: requests return a
 * future of their {@link Reply}, and messages, presence and receipts arrive at listeners. It speaks
 * the same protocol as every other client (over {@link LocalTransport}, no socket), so a bot has
 * the same rights as a person; {@link #sendRaw} and {@link #onFrame} reach whatever the typed
 * methods do not cover.
 *
 * <pre>{@code
 * LocalTransport local = new LocalTransport();
 * try (TinodeServer server = TinodeServer.builder().transport(local).build().start();
 *      TinodeClient bot = TinodeClient.connect(local)) {
 *     bot.hello().join();
 *     bot.createBasicAccount("echobot", "secret123").join().orThrow();
 *     bot.onData(d -> bot.publish(d.topic(), "you said: " + d.text()));
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Listeners run on server threads, one frame at a time in the order the server
 * sent them; they must not block (a listener may call the client's methods, which do not wait).
 * Futures complete on those threads too; do not {@code join()} one inside a listener.
 */
public final class TinodeClient implements AutoCloseable {
    /** The protocol version this client claims in {@code {hi}}. */
    public static final String PROTOCOL_VERSION = "0.25";

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Consumer<DataEvent> onData = d -> { };
    private volatile Consumer<PresEvent> onPres = p -> { };
    private volatile Consumer<InfoEvent> onInfo = i -> { };
    private volatile Consumer<String> onFrame = f -> { };
    private volatile String userId;
    private volatile String token;
    private LocalTransport.Client conn;

    private TinodeClient() {
    }

    /**
     * Opens a session on a started server's local transport.
     *
     * @throws IllegalStateException if the server is not running
     */
    public static TinodeClient connect(LocalTransport transport) {
        return connect(transport, "");
    }

    /**
     * Opens a session that claims a client address, so the rate limits keyed on addresses apply
     * to it as to a remote client (in-process sessions have none by default).
     */
    public static TinodeClient connect(LocalTransport transport, String remoteAddress) {
        TinodeClient c = new TinodeClient();
        c.conn = transport.connect(c::receive, c::serverClosed, Objects.requireNonNull(remoteAddress, "remoteAddress"));
        return c;
    }

    /** Every message delivered to this client; replaces the previous listener. */
    public TinodeClient onData(Consumer<DataEvent> listener) {
        this.onData = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Every presence notification; replaces the previous listener. */
    public TinodeClient onPres(Consumer<PresEvent> listener) {
        this.onPres = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Every receipt, typing indicator and call event; replaces the previous listener. */
    public TinodeClient onInfo(Consumer<InfoEvent> listener) {
        this.onInfo = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Every frame as the server sent it, before the typed listeners; replaces the previous one. */
    public TinodeClient onFrame(Consumer<String> listener) {
        this.onFrame = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Completes when the session ends, whichever side ended it. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** {@code {hi}}: must come first. */
    public CompletableFuture<Reply> hello() {
        JsonObject hi = new JsonObject();
        hi.addProperty("ver", PROTOCOL_VERSION);
        hi.addProperty("ua", "tinodej-client/" + PROTOCOL_VERSION);
        return request("hi", hi);
    }

    /** Creates an account with a login and password ({@code basic}) and logs in as it. */
    public CompletableFuture<Reply> createBasicAccount(String login, String password) {
        return createAccount("basic", basicSecret(login, password), true);
    }

    /**
     * Creates an account with any scheme ({@code basic}, {@code anonymous}, a host's own).
     *
     * @param secret the scheme's secret, already base64 as on the wire (null for none)
     * @param login whether the session logs in as the new account
     */
    public CompletableFuture<Reply> createAccount(String scheme, String secret, boolean login) {
        JsonObject acc = new JsonObject();
        acc.addProperty("user", "new");
        acc.addProperty("scheme", Objects.requireNonNull(scheme, "scheme"));
        if (secret != null) {
            acc.addProperty("secret", secret);
        }
        acc.addProperty("login", login);
        return request("acc", acc);
    }

    /** Logs in with a login and password. */
    public CompletableFuture<Reply> loginBasic(String login, String password) {
        return login("basic", basicSecret(login, password));
    }

    /** Logs in with a token from an earlier login ({@link #token()}). */
    public CompletableFuture<Reply> loginToken(String token) {
        return login("token", Objects.requireNonNull(token, "token"));
    }

    /** Logs in with any scheme and its secret, already base64 as on the wire. */
    public CompletableFuture<Reply> login(String scheme, String secret) {
        JsonObject l = new JsonObject();
        l.addProperty("scheme", Objects.requireNonNull(scheme, "scheme"));
        l.addProperty("secret", Objects.requireNonNull(secret, "secret"));
        return request("login", l);
    }

    /**
     * Subscribes to (attaches to) a topic: {@code me}, a group, or another user's id to talk to
     * them; {@code new} creates a group (the reply's {@link Reply#topic()} names it).
     */
    public CompletableFuture<Reply> subscribe(String topic) {
        JsonObject sub = new JsonObject();
        sub.addProperty("topic", Objects.requireNonNull(topic, "topic"));
        return request("sub", sub);
    }

    /**
     * Asks for the topic's stored messages from {@code sinceSeq} on (the client must be attached):
     * they arrive at {@link #onData} before the reply completes.
     */
    public CompletableFuture<Reply> getMessages(String topic, int sinceSeq) {
        JsonObject get = new JsonObject();
        get.addProperty("topic", Objects.requireNonNull(topic, "topic"));
        get.addProperty("what", "data");
        JsonObject data = new JsonObject();
        data.addProperty("since", sinceSeq);
        get.add("data", data);
        return request("get", get);
    }

    /** Detaches from a topic; with {@code unsubscribe} also leaves it for good. */
    public CompletableFuture<Reply> leave(String topic, boolean unsubscribe) {
        JsonObject leave = new JsonObject();
        leave.addProperty("topic", Objects.requireNonNull(topic, "topic"));
        if (unsubscribe) {
            leave.addProperty("unsub", true);
        }
        return request("leave", leave);
    }

    /**
     * Publishes a plain-text message; the reply carries its {@link Reply#seq()}. This session gets
     * no copy of its own message ({@code noecho}); the user's other sessions do.
     */
    public CompletableFuture<Reply> publish(String topic, String text) {
        return publishJson(topic, new com.google.gson.JsonPrimitive(Objects.requireNonNull(text, "text")).toString());
    }

    /**
     * Publishes any content, such as a Drafty document.
     *
     * @param contentJson the content as JSON (a JSON string for plain text)
     * @throws IllegalArgumentException if it is not JSON
     */
    public CompletableFuture<Reply> publishJson(String topic, String contentJson) {
        JsonObject pub = new JsonObject();
        pub.addProperty("topic", Objects.requireNonNull(topic, "topic"));
        pub.addProperty("noecho", true);
        pub.add("content", parse(contentJson, "contentJson"));
        return request("pub", pub);
    }

    /** Tells the other members this client read the topic up to {@code seq}. */
    public void noteRead(String topic, int seq) {
        note(topic, "read", seq);
    }

    /** Tells the other members this client received the topic's messages up to {@code seq}. */
    public void noteReceived(String topic, int seq) {
        note(topic, "recv", seq);
    }

    /** Tells the other members this user is typing. */
    public void noteTyping(String topic) {
        note(topic, "kp", 0);
    }

    private void note(String topic, String what, int seq) {
        JsonObject note = new JsonObject();
        note.addProperty("topic", Objects.requireNonNull(topic, "topic"));
        note.addProperty("what", what);
        if (seq > 0) {
            note.addProperty("seq", seq);
        }
        JsonObject frame = new JsonObject();
        frame.add("note", note);
        sendRaw(frame.toString());
    }

    /**
     * Sends any request: {@code kind} is the frame's key ({@code get}, {@code set}, {@code del},
     * ...) and {@code bodyJson} its body without an id, which this method adds.
     */
    public CompletableFuture<Reply> request(String kind, String bodyJson) {
        JsonElement body = parse(bodyJson, "bodyJson");
        if (!body.isJsonObject()) {
            throw new IllegalArgumentException("bodyJson must be a JSON object");
        }
        return request(Objects.requireNonNull(kind, "kind"), body.getAsJsonObject());
    }

    /** Sends a frame as it is; replies to it arrive at {@link #onFrame} only. */
    public void sendRaw(String frame) {
        conn.send(Objects.requireNonNull(frame, "frame"));
    }

    /** The user this session is logged in as, once a login or account creation succeeded. */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /** The last token the server issued to this session, for {@link #loginToken} later. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** Ends the session. Requests still waiting complete exceptionally. Idempotent. */
    @Override
    public void close() {
        conn.close();
    }

    private CompletableFuture<Reply> request(String kind, JsonObject body) {
        String id = Long.toString(ids.incrementAndGet());
        body.addProperty("id", id);
        JsonObject frame = new JsonObject();
        frame.add(kind, body);
        CompletableFuture<Reply> f = new CompletableFuture<>();
        // Only a login or a new account says who this session is: other replies name users too.
        pending.put(id, new Pending(f, kind.equals("login") || kind.equals("acc")));
        if (closed.isDone()) {
            pending.remove(id);
            f.completeExceptionally(new IllegalStateException("session closed"));
            return f;
        }
        conn.send(frame.toString());
        return f;
    }

    private void receive(String frame) {
        onFrame.accept(frame);
        if (!frame.startsWith("{")) {
            return; // the answer to a probe
        }
        JsonObject o = JsonParser.parseString(frame).getAsJsonObject();
        if (o.has("ctrl")) {
            JsonObject c = o.getAsJsonObject("ctrl");
            Reply r = new Reply(string(c, "id"), string(c, "topic"), c.get("code").getAsInt(), string(c, "text"),
                    c.has("params") && c.get("params").isJsonObject() ? c.getAsJsonObject("params") : null, null);
            complete(r);
        } else if (o.has("meta")) {
            JsonObject m = o.getAsJsonObject("meta");
            complete(new Reply(string(m, "id"), string(m, "topic"), 200, "", null, frame));
        } else if (o.has("data")) {
            JsonObject d = o.getAsJsonObject("data");
            onData.accept(new DataEvent(string(d, "topic"), Optional.ofNullable(string(d, "from")),
                    d.get("seq").getAsInt(), Instant.parse(d.get("ts").getAsString()),
                    d.has("content") ? d.get("content").toString() : "null",
                    Optional.ofNullable(d.has("head") ? d.get("head").toString() : null)));
        } else if (o.has("pres")) {
            JsonObject p = o.getAsJsonObject("pres");
            onPres.accept(new PresEvent(string(p, "topic"), Optional.ofNullable(string(p, "src")), string(p, "what"),
                    p.has("seq") ? p.get("seq").getAsInt() : 0, frame));
        } else if (o.has("info")) {
            JsonObject i = o.getAsJsonObject("info");
            onInfo.accept(new InfoEvent(string(i, "topic"), string(i, "from"), string(i, "what"),
                    i.has("seq") ? i.get("seq").getAsInt() : 0, Optional.ofNullable(string(i, "src"))));
        }
    }

    private void complete(Reply r) {
        if (r.id() == null) {
            return;
        }
        Pending p = pending.remove(r.id());
        if (p == null) {
            return;
        }
        if (p.identifies()) {
            if (r.code() == 200) {
                r.param("user").ifPresent(u -> userId = u);
            }
            r.param("token").ifPresent(t -> token = t);
        }
        p.reply().complete(r);
    }

    /** A request waiting for its reply; {@code identifies} for a login or a new account. */
    private record Pending(CompletableFuture<Reply> reply, boolean identifies) {
    }

    private void serverClosed() {
        closed.complete(null);
        IllegalStateException gone = new IllegalStateException("session closed");
        for (String id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.reply().completeExceptionally(gone);
            }
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static JsonElement parse(String json, String what) {
        try {
            return JsonParser.parseString(Objects.requireNonNull(json, what));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String basicSecret(String login, String password) {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        return Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

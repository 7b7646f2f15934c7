package io.github.tinodej.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.transport.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A protocol client for tests over {@link LocalTransport}: frames arrive in a queue and every
 * read waits with a timeout (MockWebServer's {@code takeRequest} style), never with sleeps.
 */
public final class TestClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final LocalTransport.Client conn;
    private final AtomicInteger ids = new AtomicInteger(100);
    private volatile boolean serverClosed;
    private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);
    private volatile String userId;
    private volatile String token;

    public TestClient(LocalTransport transport) {
        this(transport, "");
    }

    /** A client claiming a client address (for the limits keyed on addresses). */
    public TestClient(LocalTransport transport, String remoteAddress) {
        this.conn = transport.connect(frames::add, () -> {
            serverClosed = true;
            closedLatch.countDown();
        }, remoteAddress);
    }

    /** Waits until the server closed this client; false after the timeout. */
    public boolean awaitClosedByServer() {
        try {
            return closedLatch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && serverClosed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends a raw frame. */
    public void send(String frame) {
        conn.send(frame);
    }

    /** Sends a JSON object. */
    public void send(JsonObject o) {
        conn.send(o.toString());
    }

    /** A fresh request id. */
    public String nextId() {
        return Integer.toString(ids.incrementAndGet());
    }

    /** The next raw frame; fails after the timeout. */
    public String nextRaw() {
        try {
            String f = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("no frame from the server within " + TIMEOUT);
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame as JSON. */
    public JsonObject next() {
        return JsonParser.parseString(nextRaw()).getAsJsonObject();
    }

    /** The next frame, which must be of the given kind ({@code ctrl}, {@code meta}, ...); returns its body. */
    public JsonObject next(String kind) {
        JsonObject f = next();
        if (!f.has(kind)) {
            throw new AssertionError("expected {" + kind + "} but got " + f);
        }
        return f.getAsJsonObject(kind);
    }

    /** The next {@code ctrl} body, skipping presence notifications that may interleave. */
    public JsonObject ctrlSkippingPres() {
        while (true) {
            JsonObject f = next();
            if (f.has("ctrl")) {
                return f.getAsJsonObject("ctrl");
            }
            if (!f.has("pres")) {
                throw new AssertionError("expected {ctrl} but got " + f);
            }
        }
    }

    /** The {@code ctrl} replying to request {@code id}, skipping everything before it. */
    public JsonObject ctrlFor(String id) {
        while (true) {
            JsonObject c = nextCtrlSkippingOthers();
            if (c.has("id") && id.equals(c.get("id").getAsString())) {
                return c;
            }
        }
    }

    /** The next {@code ctrl} body, skipping every other kind of frame. */
    public JsonObject nextCtrlSkippingOthers() {
        while (true) {
            JsonObject f = next();
            if (f.has("ctrl")) {
                return f.getAsJsonObject("ctrl");
            }
        }
    }

    /** The next {@code ctrl} body. */
    public JsonObject ctrl() {
        return next("ctrl");
    }

    /**
     * Proves the server sent nothing else so far: a probe travels the same ordered path as
     * requests, so its reply arriving next means nothing was queued before it.
     */
    public void expectNoMoreFrames() {
        send("1");
        String f = nextRaw();
        if (!"0".equals(f)) {
            throw new AssertionError("unexpected frame: " + f);
        }
    }

    /** Like {@link #expectNoMoreFrames()} but skips frames of the given kind on the way. */
    public void expectNoMoreFramesIgnoring(String kind) {
        send("1");
        while (true) {
            String f = nextRaw();
            if ("0".equals(f)) {
                return;
            }
            if (!JsonParser.parseString(f).getAsJsonObject().has(kind)) {
                throw new AssertionError("unexpected frame: " + f);
            }
        }
    }

    /** True once the server closed this client. */
    public boolean isClosedByServer() {
        return serverClosed;
    }

    /** Sends {@code {hi}} and returns the ctrl. */
    public JsonObject hi() {
        send("{\"hi\":{\"id\":\"" + nextId() + "\",\"ver\":\"0.25.3\",\"ua\":\"TinodeJS/0.25.3 test\"}}");
        return ctrl();
    }

    /** Creates a basic account, logging in; returns the ctrl. */
    public JsonObject createBasic(String login, String password) {
        return createBasic(login, password, true);
    }

    public JsonObject createBasic(String login, String password, boolean doLogin) {
        JsonObject acc = new JsonObject();
        acc.addProperty("id", nextId());
        acc.addProperty("user", "new");
        acc.addProperty("scheme", "basic");
        acc.addProperty("secret", b64(login + ":" + password));
        if (doLogin) {
            acc.addProperty("login", true);
        }
        return request("acc", acc);
    }

    /** Logs in with a basic secret; returns the ctrl. */
    public JsonObject loginBasic(String login, String password) {
        return login("basic", b64(login + ":" + password));
    }

    /** Logs in with any scheme and an already encoded secret; returns the ctrl. */
    public JsonObject login(String scheme, String secret) {
        JsonObject l = new JsonObject();
        l.addProperty("id", nextId());
        l.addProperty("scheme", scheme);
        l.addProperty("secret", secret);
        return request("login", l);
    }

    /** Sends {@code {kind: body}} and returns the next ctrl; remembers a user id and token it carries. */
    public JsonObject request(String kind, JsonObject body) {
        JsonObject o = new JsonObject();
        o.add(kind, body);
        send(o);
        JsonObject c = ctrl();
        if (("login".equals(kind) || "acc".equals(kind)) && c.has("params") && c.getAsJsonObject("params").has("user")) {
            JsonObject p = c.getAsJsonObject("params");
            if (c.get("code").getAsInt() == 200) {
                userId = p.get("user").getAsString();
            }
            if (p.has("token")) {
                token = p.get("token").getAsString();
            }
        }
        return c;
    }

    /** The user id of the last successful login on this client, or null. */
    public String userId() {
        return userId;
    }

    /** The last token the server issued to this client, or null. */
    public String token() {
        return token;
    }

    /** Parses a JSON literal (test convenience). */
    public static JsonObject json(String s) {
        JsonElement e = JsonParser.parseString(s);
        return e.getAsJsonObject();
    }

    public static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        conn.close();
    }
}

package io.github.tinodej.internal.session;

import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.topic.Hub;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Codec;
import io.github.tinodej.internal.exec.SerialExecutor;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * One client connection: an actor that decodes frames in order and answers or routes them. Like
 * Tinode's session read loop, it handles one request at a time: a request that must wait for
 * blocking work (password hashing, account creation) suspends the session's inbox until the result
 * arrives, so replies keep request order. Topic requests are handed to the topic's actor and do not
 * suspend the session.
 *
 * <p>Fields marked "actor state" are touched only from tasks of {@link #exec}.
 */
public final class Session implements SessionHandle, io.github.tinodej.internal.topic.ClientSession {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /** Frames waiting to be decoded; beyond this the client is flooding us. */
    private static final int INBOX_LIMIT = 1024;
    /** WebSocket close code 1008: the client broke a policy (floods, limits, no {@code {hi}}). */
    static final int POLICY_VIOLATION = 1008;
    /** WebSocket close code 1001: the server is going away. */
    static final int GOING_AWAY = 1001;

    final Services services;
    final Hub hub;
    final SessionRegistry registry;
    private final Connection conn;
    private final SessionKind kind;
    private final String sid;
    private final SerialExecutor exec;
    private final Outbox outbox;
    private volatile boolean closed;
    /** Set once the session is being closed for abuse: later frames are not handled. */
    private volatile boolean refused;

    // actor state
    private final ArrayDeque<String> inbox = new ArrayDeque<>();
    private boolean busy;
    boolean hello;
    String ver;
    int[] verParsed;
    String userAgent = "";
    String platform = "";
    String lang = "";
    /** Written on the session's actor, read by topics building push receipts. */
    volatile String deviceId = "";
    private final Set<String> attached = new HashSet<>();
    private io.github.tinodej.internal.limits.SessionLimits limits;

    // written on the actor, read anywhere
    private volatile Uid uid = Uid.ZERO;
    private volatile AuthLevel level = AuthLevel.NONE;

    public Session(Services services, Hub hub, SessionRegistry registry, Connection conn, SessionKind kind) {
        this.services = services;
        this.hub = hub;
        this.registry = registry;
        this.conn = conn;
        this.kind = kind;
        this.sid = services.randomName();
        this.exec = new SerialExecutor(services.pool(), INBOX_LIMIT, "session " + sid);
        this.outbox = new Outbox(conn, services.config().limits().sessionOutboundLimit(), this::overflowed);
    }

    // ---- transport side ----

    @Override
    public void onFrame(String frame) {
        if (closed || refused) {
            return;
        }
        if (services.isStopping()) {
            // The server is finishing what it has: nothing new is started (Go: ErrLocked).
            send(services.frames().ctrl(null, null, null, Ctrl.LOCKED, services.now()));
            return;
        }
        services.stats().countIncoming(kind);
        if (tooLarge(frame)) {
            // Transports enforce the limit on the wire (WebSocket close 1009); this guards the rest.
            LOG.log(System.Logger.Level.WARNING, "session {0}: frame over max_message_size, disconnecting", sid);
            close();
            return;
        }
        if (!exec.offer(() -> receive(frame))) {
            // Frames arrive faster than they can even be decoded: a flood, whatever they hold.
            LOG.log(System.Logger.Level.WARNING, "session {0}: inbox full, disconnecting", sid);
            refuseFlood(Ctrl.SERVICE_UNAVAILABLE, "flood: frames arrive faster than they are handled");
        }
    }

    @Override
    public void onClose() {
        if (closed) {
            return;
        }
        closed = true;
        outbox.kill();
        exec.execute(this::cleanup);
    }

    private boolean tooLarge(String frame) {
        int max = services.config().limits().maxMessageSize();
        if (frame.length() <= max / 3) {
            return false;
        }
        return frame.length() > max || java.nio.charset.StandardCharsets.UTF_8.encode(frame).remaining() > max;
    }

    // ---- used by handlers and topics (any thread) ----

    public String sid() {
        return sid;
    }

    public SessionKind kind() {
        return kind;
    }

    public Uid uid() {
        return uid;
    }

    @Override
    public Uid user() {
        return uid;
    }

    public AuthLevel authLevel() {
        return level;
    }

    public String userAgent() {
        return userAgent;
    }

    @Override
    public String lang() {
        return lang;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    public String remoteAddress() {
        return conn.remoteAddress();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Queues a frame to the client. Safe from any thread. */
    public void send(String frame) {
        services.stats().countOutgoing(kind);
        outbox.offer(frame);
    }

    /** Replies with a ctrl. */
    public void reply(String id, String topic, JsonObject params, Ctrl status, Instant ts) {
        if (id != null && ts != null) {
            // Tinode's RequestLatency: replies carry the request's arrival time.
            services.requestAnswered(ts);
        }
        send(services.frames().ctrl(id, topic, params, status, ts));
    }

    /** Runs a task on this session's actor. */
    public void execute(Runnable task) {
        exec.execute(task);
    }

    /** Closes the connection from the server side once queued frames went out. */
    public void closeAfterFlush() {
        outbox.closeAfterFlush();
    }

    /**
     * Ends the session for abuse: {@code {ctrl status}} (no id), then the connection closes with
     * WebSocket code 1008 (policy violation) and {@code reason}, after what was queued before.
     */
    public void refuse(Ctrl status, String reason) {
        if (refused) {
            return;
        }
        refused = true;
        send(services.frames().ctrl(null, null, null, status, services.now()));
        outbox.closeAfterFlush(POLICY_VIOLATION, reason);
    }

    /**
     * Ends the session as a flood: like {@link #refuse}, and its address may not reconnect for the
     * flood penalty (RateLimits.floodPenalty), so that a flooder cannot just start over.
     */
    public void refuseFlood(Ctrl status, String reason) {
        if (!refused) {
            services.throttle().penalise(remoteAddress());
        }
        refuse(status, reason);
    }

    /**
     * A connection that has not said {@code {hi}} within the deadline is closed (Tinode has no
     * such deadline: an idle socket without {@code {hi}} held a session until the ping timeout).
     */
    public void startHelloDeadline() {
        java.time.Duration d = services.config().rateLimits().helloTimeout();
        if (d.isZero()) {
            return;
        }
        services.schedule(() -> exec.execute(() -> {
            if (!hello && !closed) {
                refuse(Ctrl.COMMAND_OUT_OF_SEQUENCE, "no {hi} within " + d.toSeconds() + " s");
            }
        }), d);
    }

    /** Completes once the frames this session already received have been decoded and handed on. */
    public java.util.concurrent.CompletableFuture<Void> quiesce() {
        java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
        try {
            // A request waiting on blocking work (a login) is not waited for: its reply comes later.
            exec.execute(() -> f.complete(null));
        } catch (RuntimeException e) {
            f.complete(null);
        }
        return f;
    }

    /** This session's allowances; created on first use, on the actor. */
    io.github.tinodej.internal.limits.SessionLimits limits() {
        if (limits == null) {
            limits = new io.github.tinodej.internal.limits.SessionLimits(services.throttle());
        }
        return limits;
    }


    /** Closes the connection from the server side at once. */
    public void close() {
        conn.close();
    }

    /** Sends the shutdown notice and closes; completes once the notice was handed to the transport. */
    public java.util.concurrent.CompletableFuture<Void> shutdown() {
        send(services.frames().ctrl(null, null, null, Ctrl.SHUTDOWN, services.now()));
        // 1001 "going away": the server stops (reliability.md FT-10).
        return outbox.closeAfterFlush(GOING_AWAY, "server shutdown");
    }

    /** A topic tells the session it is attached (for clean-up on disconnect). */
    public void topicAttached(String name) {
        exec.execute(() -> attached.add(name));
    }

    /**
     * True if this session is attached to the topic with this internal name. Runs on the session's
     * actor only (the set is actor state): request routing asks it before choosing a path.
     */
    public boolean isAttachedTo(String name) {
        return attached.contains(name);
    }

    /** A topic tells the session it is detached. */
    public void topicDetached(String name) {
        exec.execute(() -> attached.remove(name));
    }

    /** Identity, except that a root request on behalf of another user ({@link OnBehalf}) is this session too. */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof OnBehalf ob && ob.session() == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    // ---- actor ----

    /** Authenticates the session; false when the user already has as many sessions as allowed. */
    boolean setUser(Uid u, AuthLevel l) {
        if (!registry.loggedIn(this, u)) {
            return false;
        }
        uid = u;
        level = l;
        return true;
    }

    boolean isAuthenticated() {
        return uid.isValid();
    }

    /** Pauses decoding until {@link #resume()}; for requests that wait on blocking work. */
    void suspend() {
        busy = true;
    }

    /** Continues decoding; must run on the actor. */
    void resume() {
        busy = false;
        drain();
    }

    private void receive(String frame) {
        inbox.add(frame);
        drain();
    }

    private void drain() {
        while (!busy && !closed && !refused && !inbox.isEmpty()) {
            String frame = inbox.poll();
            try {
                handle(frame);
            } catch (RuntimeException e) {
                // A bug must cost one request, never the session.
                LOG.log(System.Logger.Level.ERROR, "session " + sid + ": request failed", e);
                reply(null, null, null, Ctrl.INTERNAL, services.now());
            }
        }
    }

    private void handle(String frame) {
        if ("1".equals(frame)) {
            // Network probe: the JS SDK sends "1" and expects a bare "0".
            send("0");
            return;
        }
        Instant now = services.now();
        ClientMessage m;
        try {
            m = services.codec().parse(frame);
            checkSecrets(m);
        } catch (Codec.MalformedException e) {
            reply(null, null, null, Ctrl.MALFORMED, now);
            return;
        }
        Dispatcher.dispatch(this, m, frame, now);
    }

    /** Secrets are Go {@code []byte}: invalid base64 makes the whole frame malformed. */
    static void checkSecrets(ClientMessage m) throws Codec.MalformedException {
        if (m.login != null) {
            decode(m.login.secret);
        }
        if (m.acc != null) {
            decode(m.acc.secret);
            decode(m.acc.tmpsecret);
        }
    }

    static byte[] decode(String b64) throws Codec.MalformedException {
        if (b64 == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new Codec.MalformedException("secret is not base64");
        }
    }

    private void overflowed() {
        LOG.log(System.Logger.Level.WARNING, "session {0}: outbound queue over limit, disconnecting slow client", sid);
        close();
    }

    private void cleanup() {
        inbox.clear();
        for (String t : attached) {
            hub.sessionGone(this, t);
        }
        attached.clear();
        hub.sessionClosed(this);
        registry.closed(this);
    }

    @Override
    public String toString() {
        return "Session[" + sid + "]";
    }
}

package io.github.tinodej.transport.undertow;

import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.TransportContext;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * {@code /v0/channels/lp}, long polling as Tinode's {@code hdl_longpoll.go} does it: a request
 * without {@code sid} creates a session (201 with {@code params.sid}); with {@code sid} and a body it
 * delivers one client message (200, empty); with {@code sid} and no body it waits for one server
 * message (200 with it, or empty after the poll timeout). Sessions idle longer than the session
 * timeout expire; unknown ids get 403. Nothing blocks an I/O thread.
 */
final class LpEndpoint implements HttpHandler {
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");

    /**
     * Chunked bodies up to this many times the limit are read and dropped to deliver the 400
     * (about the 2 MiB Undertow allowed before, at the stock limit).
     */
    private static final long DRAIN_FACTOR = 16;

    private final TransportContext ctx;
    /** The session's address as WebSocket sessions get it (Go's getRemoteAddr serves both). */
    private final RemoteAddress remoteAddress;
    private final long pollMillis;
    private final long sessionIdleNanos;
    private final Map<String, LpSession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService reaper;

    LpEndpoint(TransportContext ctx, long pollMillis, long sessionIdleMillis, RemoteAddress remoteAddress) {
        this.ctx = ctx;
        this.remoteAddress = remoteAddress;
        this.pollMillis = pollMillis;
        this.sessionIdleNanos = TimeUnit.MILLISECONDS.toNanos(sessionIdleMillis);
        ScheduledThreadPoolExecutor r = new ScheduledThreadPoolExecutor(1, run -> {
            Thread t = new Thread(run, "tinode-lp-reaper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, Math.min(5000, sessionIdleMillis / 4));
        r.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.MILLISECONDS);
        this.reaper = r;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        ex.getResponseHeaders().put(ALLOW_ORIGIN, "*");
        if (Methods.OPTIONS.equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().put(ALLOW_METHODS, "POST, GET, OPTIONS");
            ex.getResponseHeaders().put(ALLOW_HEADERS, "Content-Type, X-Tinode-APIKey, X-Tinode-Auth");
            ex.setStatusCode(204);
            ex.endExchange();
            return;
        }
        if (!Methods.POST.equals(ex.getRequestMethod()) && !Methods.GET.equals(ex.getRequestMethod())) {
            ApiKeyCheck.reject(ex, ctx, Ctrl.OPERATION_NOT_ALLOWED, TEXT);
            return;
        }
        long declared = ex.getRequestContentLength();
        if (declared > ctx.maxMessageSize()) {
            // Tinode: 417 when Content-Length says it is too big. A moderately large body is read and
            // dropped first, so the client sees the reply rather than a reset connection.
            if (declared <= 8L * ctx.maxMessageSize()) {
                ex.getRequestReceiver().receivePartialBytes((e, chunk, last) -> {
                    if (last) {
                        respond(e, 417, Ctrl.MALFORMED.toFrame(ctx.clock().instant()));
                    }
                });
                return;
            }
            ex.setStatusCode(417);
            noCache(ex);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT);
            ex.getResponseHeaders().put(Headers.CONNECTION, "close");
            ex.getResponseSender().send(Ctrl.MALFORMED.toFrame(ctx.clock().instant()));
            return;
        }
        if (declared < 0) {
            // Chunked: the size is known only at the end. Collecting the body first would hold up
            // to Undertow's 2 MiB entity limit on the heap per request (IN-03); read it as it
            // arrives instead, keeping at most the limit and dropping the rest.
            new ChunkedBody(ex).start();
            return;
        }
        ex.getRequestReceiver().receiveFullBytes((e, body) -> handleBody(e, body),
                (e, err) -> respond(e, 400, Ctrl.MALFORMED.toFrame(ctx.clock().instant())));
    }

    /**
     * A chunked body read on the exchange's I/O thread into a pooled buffer: what fits the limit is
     * kept; past it the bytes are read and dropped (the client, still sending, then reads the
     * 400 with its ctrl rather than a reset), up to {@link #DRAIN_FACTOR} times the limit, where
     * Undertow's entity limit ends the request.
     */
    private final class ChunkedBody implements ChannelListener<StreamSourceChannel> {
        private final HttpServerExchange ex;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private final byte[] scratch = new byte[4096];
        private long total;

        ChunkedBody(HttpServerExchange ex) {
            this.ex = ex;
        }

        void start() {
            ex.setMaxEntitySize(DRAIN_FACTOR * ctx.maxMessageSize());
            handleEvent(ex.getRequestChannel());
        }

        @Override
        public void handleEvent(StreamSourceChannel ch) {
            int max = ctx.maxMessageSize();
            try (PooledByteBuffer pooled = ex.getConnection().getByteBufferPool().allocate()) {
                ByteBuffer buf = pooled.getBuffer();
                while (true) {
                    buf.clear();
                    int n = ch.read(buf);
                    if (n == 0) {
                        ch.getReadSetter().set(this);
                        ch.resumeReads();
                        return;
                    }
                    if (n < 0) {
                        ch.getReadSetter().set(null);
                        ch.suspendReads();
                        if (total > max) {
                            respond(ex, 400, Ctrl.MALFORMED.toFrame(ctx.clock().instant()));
                        } else {
                            handleBody(ex, kept.toByteArray());
                        }
                        return;
                    }
                    buf.flip();
                    while (total < max && buf.hasRemaining()) {
                        int k = (int) Math.min(Math.min(scratch.length, buf.remaining()), max - total);
                        buf.get(scratch, 0, k);
                        kept.write(scratch, 0, k);
                        total += k;
                    }
                    total += buf.remaining();
                }
            } catch (java.io.IOException e) {
                ch.getReadSetter().set(null);
                ch.suspendReads();
                respond(ex, 400, Ctrl.MALFORMED.toFrame(ctx.clock().instant()));
            }
        }
    }

    private void handleBody(HttpServerExchange ex, byte[] body) {
        if (body.length > ctx.maxMessageSize()) {
            respond(ex, 400, Ctrl.MALFORMED.toFrame(ctx.clock().instant()));
            return;
        }
        String key = ApiKeyCheck.find(ex);
        if (!ctx.isValidApiKey(key)) {
            ApiKeyCheck.reject(ex, ctx, Ctrl.API_KEY_REQUIRED, TEXT);
            return;
        }
        String sid = query(ex, "sid");
        if (sid == null || sid.isEmpty()) {
            create(ex);
            return;
        }
        LpSession s = sessions.get(sid);
        if (s == null || s.isClosed()) {
            respond(ex, 403, Ctrl.SESSION_NOT_FOUND.toFrame(ctx.clock().instant()));
            return;
        }
        s.touch();
        if (body.length > 0) {
            if (s.isClosing()) {
                // The engine is done with this session; only its last frames wait for polls.
                respond(ex, 403, Ctrl.SESSION_NOT_FOUND.toFrame(ctx.clock().instant()));
                return;
            }
            SessionHandle h = s.handle();
            if (h != null) {
                h.onFrame(new String(body, StandardCharsets.UTF_8));
            }
            respond(ex, 200, "");
            return;
        }
        // Dispatching keeps the exchange open after this callback returns; the poll is answered
        // later, from whichever thread produces the next frame or from the timeout.
        ex.dispatch(io.undertow.util.SameThreadExecutor.INSTANCE, () -> {
            HttpServerExchange previous = s.poll(ex);
            if (previous != null) {
                respond(previous, 200, "");
            }
            ex.getIoThread().executeAfter(() -> s.expire(ex), pollMillis, TimeUnit.MILLISECONDS);
        });
    }

    private void create(HttpServerExchange ex) {
        String remote = remoteAddress.of(ex);
        if (!ctx.admits(remote)) {
            respond(ex, 429, Ctrl.TOO_MANY_REQUESTS.toFrame(ctx.clock().instant()));
            return;
        }
        String sid = Uid.encode(random.nextLong());
        LpSession s = new LpSession(sid, remote, gone -> sessions.remove(gone.sid, gone));
        sessions.put(sid, s);
        s.attach(ctx.openSession(s, SessionKind.LONG_POLL));
        String id = query(ex, "id");
        StringBuilder sb = new StringBuilder("{\"ctrl\":{");
        if (id != null && !id.isEmpty()) {
            sb.append("\"id\":").append(quote(id)).append(',');
        }
        sb.append("\"params\":{\"sid\":\"").append(sid).append("\"},\"code\":201,\"text\":\"created\",\"ts\":\"")
                .append(WireTime.format(ctx.clock().instant())).append("\"}}");
        respond(ex, 201, sb.toString());
    }

    private static String quote(String s) {
        com.google.gson.JsonPrimitive p = new com.google.gson.JsonPrimitive(s);
        return p.toString();
    }

    private static String query(HttpServerExchange ex, String name) {
        Deque<String> v = ex.getQueryParameters().get(name);
        return v == null ? null : v.peekFirst();
    }

    /** Writes a text/plain response on the exchange's I/O thread; safe from any thread. */
    static void respond(HttpServerExchange ex, int status, String body) {
        Runnable write = () -> {
            if (ex.isResponseStarted()) {
                return;
            }
            ex.setStatusCode(status);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT);
            noCache(ex);
            ex.getResponseHeaders().put(ALLOW_ORIGIN, "*");
            ex.getResponseSender().send(body);
        };
        if (ex.isInIoThread()) {
            write.run();
            return;
        }
        try {
            ex.getIoThread().execute(write);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The I/O thread has shut down with the server: the connection is closing and
            // nobody can be answered any more (a parked poll answered by the last frames).
        }
    }

    private static void noCache(HttpServerExchange ex) {
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache, no-store, must-revalidate");
        ex.getResponseHeaders().put(Headers.PRAGMA, "no-cache");
        ex.getResponseHeaders().put(Headers.EXPIRES, "0");
    }

    /** Expires sessions nobody polled or wrote to for the session timeout. */
    private void reap() {
        for (LpSession s : sessions.values()) {
            if (s.idleLongerThan(sessionIdleNanos)) {
                s.closeNow();
            }
        }
    }

    /** The user of a live long-polling session, or null. */
    io.github.tinodej.model.Uid sessionUser(String sid) {
        LpSession s = sid == null ? null : sessions.get(sid);
        if (s == null || s.isClosing() || s.handle() == null) {
            return null;
        }
        io.github.tinodej.model.Uid u = s.handle().user();
        return u.isValid() ? u : null;
    }

    int openSessions() {
        return sessions.size();
    }

    void closeAll() {
        reaper.shutdownNow();
        for (LpSession s : sessions.values()) {
            s.closeNow();
        }
        sessions.clear();
    }
}

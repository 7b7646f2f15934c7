package io.github.tinodej.transport.grpc;

import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code MessageLoop} stream seen from the engine. {@link #send} converts the frame and queues
 * it; the queue drains whenever gRPC's flow control says the stream is ready, and a frame's
 * {@code done} runs only when it is handed to gRPC. So frames stuck behind a slow client stay
 * "in flight" for the engine, whose outbound cap then disconnects that client, rather than piling
 * up unbounded in gRPC's buffers.
 *
 * <p>Thread-safe: the engine sends from its threads, gRPC signals readiness and cancellation on
 * its executor; {@link #drain} runs under the object's lock, never blocks, and is the only caller
 * of the observer's {@code onNext}, {@code onCompleted} and {@code onError}.
 */
final class GrpcConnection implements Connection {
    private static final System.Logger LOG = System.getLogger(GrpcConnection.class.getName());
    /** WebSocket close code the engine uses for floods and limits (Connection#close(int, String)). */
    private static final int POLICY_VIOLATION = 1008;

    private record Pending(ServerMsg msg, Runnable done) {
    }

    private final ServerCallStreamObserver<ServerMsg> out;
    private final String remote;
    private final java.util.function.Consumer<GrpcConnection> onGone;
    private final AtomicReference<SessionHandle> handle = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean isGone = new java.util.concurrent.atomic.AtomicBoolean();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Set once the stream is to end: with null for a normal end, else the status to fail it with. */
    private boolean closing;
    private Status closeStatus;
    /** The stream has ended (completed, failed or cancelled): nothing more may be written. */
    private boolean finished;

    GrpcConnection(ServerCallStreamObserver<ServerMsg> out, String remote,
            java.util.function.Consumer<GrpcConnection> onGone) {
        this.out = out;
        this.remote = remote;
        this.onGone = onGone;
    }

    /** Hands over the engine's side; if the stream already ended meanwhile, the session ends at once. */
    void attach(SessionHandle h) {
        handle.set(h);
        if (isGone.get()) {
            gone();
        }
    }

    SessionHandle handle() {
        return handle.get();
    }

    @Override
    public void send(String frame, Runnable done) {
        ServerMsg msg;
        try {
            msg = JsonToServer.convert(frame);
        } catch (RuntimeException e) {
            // The engine's JSON is ours: a frame we cannot map is a bug, not the client's fault.
            LOG.log(System.Logger.Level.WARNING, "grpc: cannot convert outgoing frame", e);
            msg = null;
        }
        if (msg == null) {
            done.run();
            return;
        }
        boolean accepted;
        synchronized (this) {
            accepted = !closing && !finished;
            if (accepted) {
                queue.add(new Pending(msg, done));
            }
        }
        if (!accepted) {
            done.run();
            return;
        }
        drain();
    }

    /** Writes what flow control allows; ends the stream once closing and empty. */
    void drain() {
        java.util.List<Runnable> completed = new java.util.ArrayList<>();
        synchronized (this) {
            try {
                while (!finished && !queue.isEmpty() && out.isReady()) {
                    Pending p = queue.poll();
                    out.onNext(p.msg());
                    completed.add(p.done());
                }
                if (closing && !finished && queue.isEmpty()) {
                    finished = true;
                    if (closeStatus == null) {
                        out.onCompleted();
                    } else {
                        out.onError(closeStatus.asRuntimeException());
                    }
                }
            } catch (RuntimeException e) {
                // The call was cancelled under us: what is left can never be written.
                finished = true;
            }
            if (finished) {
                queue.forEach(p -> completed.add(p.done()));
                queue.clear();
            }
        }
        completed.forEach(Runnable::run);
    }

    @Override
    public void close() {
        end(null);
    }

    /** Floods and limits end the call with RESOURCE_EXHAUSTED and the reason; others end it normally. */
    @Override
    public void close(int code, String reason) {
        end(code == POLICY_VIOLATION ? Status.RESOURCE_EXHAUSTED.withDescription(reason) : null);
    }

    /** Ends the stream with an error status (what is queued still goes out first) and the session. */
    void fail(Status status) {
        end(status);
    }

    private void end(Status status) {
        synchronized (this) {
            if (!closing) {
                closing = true;
                closeStatus = status;
            }
        }
        drain();
        gone();
    }

    /** The client went away (cancelled, failed): drop what is queued and tell the engine. */
    void cancelled() {
        synchronized (this) {
            closing = true;
            finished = true;
        }
        drain();
        gone();
    }

    /** Tells the engine once that the session is over. */
    private void gone() {
        if (isGone.compareAndSet(false, true)) {
            onGone.accept(this);
        }
        SessionHandle h = handle.getAndSet(null);
        if (h != null) {
            h.onClose();
        }
    }

    @Override
    public String remoteAddress() {
        return remote;
    }
}

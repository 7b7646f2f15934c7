package io.github.tinodej.transport.grpc;

import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.TransportContext;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.NodeGrpc;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;

/**
 * {@code pbx.Node}: {@code MessageLoop} is one session (Tinode's server/hdl_grpc.go), each inbound
 * {@link ClientMsg} handed to the engine as the JSON frame {@link ClientToJson} makes of it. The
 * large-file methods are {@link LargeFiles}'.
 *
 * <p>Called on gRPC's executor; only converts and hands over, never blocks.
 */
final class NodeService extends NodeGrpc.NodeImplBase {
    /** The peer's IP address, put into the call's context by {@link #peerInterceptor()}. */
    private static final Context.Key<String> PEER = Context.key("tinodej-peer");

    private final TransportContext context;
    private final Set<GrpcConnection> open;
    private final LargeFiles files;

    NodeService(TransportContext context, Set<GrpcConnection> open) {
        this.context = context;
        this.open = open;
        this.files = new LargeFiles(context);
    }

    private static String peer() {
        return PEER.get() == null ? "" : PEER.get();
    }

    @Override
    public void largeFileServe(io.github.tinodej.transport.grpc.pbx.FileDownReq req,
            StreamObserver<io.github.tinodej.transport.grpc.pbx.FileDownResp> out) {
        files.serve(req, out, peer());
    }

    @Override
    public StreamObserver<io.github.tinodej.transport.grpc.pbx.FileUpReq> largeFileReceive(
            StreamObserver<io.github.tinodej.transport.grpc.pbx.FileUpResp> out) {
        return files.receive(out, peer());
    }

    @Override
    public StreamObserver<ClientMsg> messageLoop(StreamObserver<ServerMsg> responses) {
        ServerCallStreamObserver<ServerMsg> out = (ServerCallStreamObserver<ServerMsg>) responses;
        String remote = peer();
        if (!context.admits(remote)) {
            out.onError(Status.RESOURCE_EXHAUSTED.withDescription("too many requests").asRuntimeException());
            return new Ignore();
        }
        GrpcConnection c = new GrpcConnection(out, remote, open::remove);
        open.add(c);
        out.setOnReadyHandler(c::drain);
        out.setOnCancelHandler(c::cancelled);
        try {
            c.attach(context.openSession(c, SessionKind.GRPC));
        } catch (RuntimeException e) {
            // The server is stopping: refuse this call rather than leave it open without a session.
            open.remove(c);
            out.onError(Status.UNAVAILABLE.withDescription("server not accepting sessions").withCause(e).asRuntimeException());
            return new Ignore();
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(ClientMsg msg) {
                SessionHandle h = c.handle();
                if (h != null && msg.getSerializedSize() > context.maxMessageSize()) {
                    // Tinode's grpc.MaxRecvMsgSize: the stream fails, the session ends.
                    c.fail(Status.RESOURCE_EXHAUSTED.withDescription("message larger than max_message_size ("
                            + context.maxMessageSize() + " bytes)"));
                } else if (h != null) {
                    h.onFrame(ClientToJson.convert(msg));
                }
            }

            @Override
            public void onError(Throwable t) {
                c.cancelled();
            }

            @Override
            public void onCompleted() {
                // Tinode ends the session when the client half-closes (Recv returns io.EOF).
                c.close();
            }
        };
    }

    /** Records each call's peer address (IP only, as the WebSocket transport keys rate limits on it). */
    static ServerInterceptor peerInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                String ip = a instanceof InetSocketAddress in && in.getAddress() != null
                        ? in.getAddress().getHostAddress() : "";
                return Contexts.interceptCall(Context.current().withValue(PEER, ip), call, headers, next);
            }
        };
    }

    /** Inbound side of a call refused before a session opened. */
    private static final class Ignore implements StreamObserver<ClientMsg> {
        @Override
        public void onNext(ClientMsg value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}

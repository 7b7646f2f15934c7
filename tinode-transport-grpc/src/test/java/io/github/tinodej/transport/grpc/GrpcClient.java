package io.github.tinodej.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.github.tinodej.transport.grpc.pbx.ClientMsg;
import io.github.tinodej.transport.grpc.pbx.NodeGrpc;
import io.github.tinodej.transport.grpc.pbx.ServerCtrl;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client on the generated stubs: one MessageLoop stream, received messages in a queue read
 * with a timeout. Messages skipped while waiting for another stay available to later waits.
 */
final class GrpcClient implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final BlockingQueue<ServerMsg> in = new LinkedBlockingQueue<>();
    private final List<ServerMsg> skipped = new ArrayList<>();
    /** Completes with null when the server ends the stream normally, with the error otherwise. */
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    private final StreamObserver<ClientMsg> out;

    GrpcClient(ManagedChannel channel) {
        out = NodeGrpc.newStub(channel).messageLoop(new StreamObserver<>() {
            @Override
            public void onNext(ServerMsg m) {
                in.add(m);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(null);
            }
        });
    }

    synchronized void send(ClientMsg m) {
        out.onNext(m);
    }

    /** The first message (skipped ones first) that matches, failing after the timeout. */
    ServerMsg await(Predicate<ServerMsg> p) throws InterruptedException {
        for (Iterator<ServerMsg> it = skipped.iterator(); it.hasNext();) {
            ServerMsg m = it.next();
            if (p.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            ServerMsg m = in.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(m).as("server message in time; skipped so far: %s", skipped).isNotNull();
            if (p.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /** The ctrl answering request {@code id}. */
    ServerCtrl ctrl(String id) throws InterruptedException {
        return await(m -> m.hasCtrl() && m.getCtrl().getId().equals(id)).getCtrl();
    }

    static ByteString json(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    static String text(ByteString b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            out.onCompleted();
        } catch (RuntimeException e) {
            // Already ended by the server.
        }
    }
}

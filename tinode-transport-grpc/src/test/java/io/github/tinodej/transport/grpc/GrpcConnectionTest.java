package io.github.tinodej.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.grpc.pbx.ServerMsg;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Flow control and closing of one stream, with a fake gRPC observer. */
class GrpcConnectionTest {
    private static final String CTRL = "{\"ctrl\":{\"id\":\"1\",\"code\":200,\"text\":\"ok\",\"ts\":\"2024-01-02T03:04:05Z\"}}";

    /** A response observer whose readiness the test sets. */
    static final class FakeObserver extends ServerCallStreamObserver<ServerMsg> {
        final List<ServerMsg> sent = new ArrayList<>();
        boolean ready = true;
        boolean completed;
        Throwable error;

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable r) {
        }

        @Override
        public void setCompression(String c) {
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable r) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int n) {
        }

        @Override
        public void setMessageCompression(boolean e) {
        }

        @Override
        public void onNext(ServerMsg m) {
            if (completed || error != null) {
                throw new IllegalStateException("call closed");
            }
            sent.add(m);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    private static final class CountingHandle implements SessionHandle {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void onFrame(String frame) {
        }

        @Override
        public void onClose() {
            closed.incrementAndGet();
        }
    }

    @Test
    void notReady_framesStayInFlightUntilDrained() {
        FakeObserver out = new FakeObserver();
        GrpcConnection c = new GrpcConnection(out, "10.0.0.1", x -> { });
        AtomicInteger done = new AtomicInteger();
        out.ready = false;
        c.send(CTRL, done::incrementAndGet);
        c.send(CTRL, done::incrementAndGet);
        assertThat(out.sent).isEmpty();
        assertThat(done).hasValue(0);
        out.ready = true;
        c.drain();
        assertThat(out.sent).hasSize(2);
        assertThat(done).hasValue(2);
        c.send("0", done::incrementAndGet);
        assertThat(out.sent).hasSize(2);
        assertThat(done).hasValue(3);
        assertThat(c.remoteAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    void close_flushesQueueThenCompletes_engineToldOnce() {
        FakeObserver out = new FakeObserver();
        List<GrpcConnection> gone = new ArrayList<>();
        GrpcConnection c = new GrpcConnection(out, "", gone::add);
        CountingHandle h = new CountingHandle();
        c.attach(h);
        out.ready = false;
        c.send(CTRL, () -> { });
        c.close();
        assertThat(out.completed).isFalse();
        out.ready = true;
        c.drain();
        assertThat(out.sent).hasSize(1);
        assertThat(out.completed).isTrue();
        c.close();
        c.cancelled();
        assertThat(h.closed).hasValue(1);
        assertThat(gone).containsExactly(c);
        AtomicInteger late = new AtomicInteger();
        c.send(CTRL, late::incrementAndGet);
        assertThat(late).hasValue(1);
        assertThat(out.sent).hasSize(1);
    }

    @Test
    void policyClose_endsWithResourceExhaustedAndReason() {
        FakeObserver out = new FakeObserver();
        GrpcConnection c = new GrpcConnection(out, "", x -> { });
        c.close(1008, "flood");
        assertThat(Status.fromThrowable(out.error).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(Status.fromThrowable(out.error).getDescription()).isEqualTo("flood");
    }

    @Test
    void cancelledBeforeAttach_sessionClosedOnAttach_queuedFramesReleased() {
        FakeObserver out = new FakeObserver();
        GrpcConnection c = new GrpcConnection(out, "", x -> { });
        AtomicInteger done = new AtomicInteger();
        out.ready = false;
        c.send(CTRL, done::incrementAndGet);
        c.cancelled();
        assertThat(done).hasValue(1);
        CountingHandle h = new CountingHandle();
        c.attach(h);
        assertThat(h.closed).hasValue(1);
    }
}

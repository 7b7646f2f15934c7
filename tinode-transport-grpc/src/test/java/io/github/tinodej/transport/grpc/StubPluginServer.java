package io.github.tinodej.transport.grpc;

import io.github.tinodej.transport.grpc.pbx.AccountEvent;
import io.github.tinodej.transport.grpc.pbx.ClientReq;
import io.github.tinodej.transport.grpc.pbx.MessageEvent;
import io.github.tinodej.transport.grpc.pbx.PluginGrpc;
import io.github.tinodej.transport.grpc.pbx.SearchFound;
import io.github.tinodej.transport.grpc.pbx.SearchQuery;
import io.github.tinodej.transport.grpc.pbx.ServerResp;
import io.github.tinodej.transport.grpc.pbx.SubscriptionEvent;
import io.github.tinodej.transport.grpc.pbx.TopicEvent;
import io.github.tinodej.transport.grpc.pbx.Unused;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Tinode plugin server for tests, on a free port: its FireHose and Find answers come from the
 * functions the test sets, and every request it gets lands in a queue. An answer function may
 * call {@link #hang()} to stand for a plugin that does not answer in time; {@link #close}
 * releases every hanging call.
 */
final class StubPluginServer implements AutoCloseable {
    final BlockingQueue<ClientReq> fireHoses = new LinkedBlockingQueue<>();
    final BlockingQueue<SearchQuery> finds = new LinkedBlockingQueue<>();
    final BlockingQueue<AccountEvent> accounts = new LinkedBlockingQueue<>();
    final BlockingQueue<TopicEvent> topics = new LinkedBlockingQueue<>();
    final BlockingQueue<SubscriptionEvent> subscriptions = new LinkedBlockingQueue<>();
    final BlockingQueue<MessageEvent> messages = new LinkedBlockingQueue<>();
    volatile Function<ClientReq, ServerResp> onFireHose = r -> ServerResp.getDefaultInstance();
    volatile Function<SearchQuery, SearchFound> onFind = q -> SearchFound.getDefaultInstance();

    private final CountDownLatch released = new CountDownLatch(1);
    private final Server server;

    StubPluginServer() throws IOException {
        server = ServerBuilder.forPort(0).addService(new PluginGrpc.PluginImplBase() {
            @Override
            public void fireHose(ClientReq request, StreamObserver<ServerResp> out) {
                fireHoses.add(request);
                reply(out, onFireHose.apply(request));
            }

            @Override
            public void find(SearchQuery request, StreamObserver<SearchFound> out) {
                finds.add(request);
                reply(out, onFind.apply(request));
            }

            @Override
            public void account(AccountEvent request, StreamObserver<Unused> out) {
                accounts.add(request);
                reply(out, Unused.getDefaultInstance());
            }

            @Override
            public void topic(TopicEvent request, StreamObserver<Unused> out) {
                topics.add(request);
                reply(out, Unused.getDefaultInstance());
            }

            @Override
            public void subscription(SubscriptionEvent request, StreamObserver<Unused> out) {
                subscriptions.add(request);
                reply(out, Unused.getDefaultInstance());
            }

            @Override
            public void message(MessageEvent request, StreamObserver<Unused> out) {
                messages.add(request);
                reply(out, Unused.getDefaultInstance());
            }
        }).build().start();
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }

    /** Blocks the calling handler until the stub closes (at most 30 s). */
    void hang() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int port() {
        return server.getPort();
    }

    /** The next item of {@code q}, failing after 10 s. */
    static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(10, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("nothing arrived in 10 s");
        }
        return t;
    }

    @Override
    public void close() throws InterruptedException {
        released.countDown();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}

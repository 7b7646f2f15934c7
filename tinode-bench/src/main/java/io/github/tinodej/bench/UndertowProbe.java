package io.github.tinodej.bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Calibration probe: a bare Undertow WebSocket server with no Tinode logic, driven by the same JDK
 * WebSocket client as the scenarios. Echo bounds what S2 can reach per round trip; broadcast bounds
 * S3's fan-out. The server runs in the driver's JVM with two IO threads, so the figure is an upper
 * bound of the transport alone, not of a pinned single-core server.
 */
final class UndertowProbe implements AutoCloseable {
    private static final String PAYLOAD = "{\"pub\":{\"topic\":\"grpAbCdEfGhIjK\",\"content\":\"" + "x".repeat(60) + "\"}}";
    private final Set<WebSocketChannel> peers = ConcurrentHashMap.newKeySet();
    private final Undertow server;
    private final HttpClient client;
    private final int port;

    UndertowProbe(HttpClient client) {
        this.client = client;
        server = Undertow.builder()
                .setIoThreads(2)
                .setWorkerThreads(2)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path()
                        .addPrefixPath("/echo", Handlers.websocket((exchange, channel) -> {
                            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                                @Override
                                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage m) {
                                    WebSockets.sendText(m.getData(), ch, null);
                                }
                            });
                            channel.resumeReceives();
                        }))
                        .addPrefixPath("/broadcast", Handlers.websocket((exchange, channel) -> {
                            peers.add(channel);
                            channel.addCloseTask(peers::remove);
                            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                                @Override
                                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage m) {
                                    String text = m.getData();
                                    for (WebSocketChannel p : peers) {
                                        if (p != ch) {
                                            WebSockets.sendText(text, p, null);
                                        }
                                    }
                                }
                            });
                            channel.resumeReceives();
                        })))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Sequential echo round trips of a pub-sized frame over one connection. */
    Result echo(int rounds) throws Exception {
        AtomicReference<CompletableFuture<Void>> reply = new AtomicReference<>();
        WebSocket ws = connect("/echo", () -> reply.get().complete(null));
        try {
            Histogram h = new Histogram(3);
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                CompletableFuture<Void> f = new CompletableFuture<>();
                reply.set(f);
                ws.sendText(PAYLOAD, true).join();
                f.get(30, TimeUnit.SECONDS);
                h.recordValue((System.nanoTime() - t0) / 1000);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new Result("probe.undertow_ws_echo", rounds / secs, "round trips/s", h);
        } finally {
            ws.abort();
        }
    }

    /** One sender, {@code members} receivers; latency until every receiver has the frame. */
    Result broadcast(int members, int rounds) throws Exception {
        AtomicReference<CountDownLatch> pending = new AtomicReference<>(new CountDownLatch(0));
        List<WebSocket> receivers = new ArrayList<>();
        WebSocket sender = null;
        try {
            for (int i = 0; i < members; i++) {
                receivers.add(connect("/broadcast", () -> pending.get().countDown()));
            }
            sender = connect("/broadcast", () -> { });
            // Undertow registers a peer after the upgrade completes; wait until all are known.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (peers.size() < members + 1 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            Histogram h = new Histogram(3);
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                CountDownLatch all = new CountDownLatch(members);
                pending.set(all);
                long t0 = System.nanoTime();
                sender.sendText(PAYLOAD, true).join();
                if (!all.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("broadcast probe lost frames");
                }
                h.recordValue((System.nanoTime() - t0) / 1000);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new Result("probe.undertow_ws_broadcast_" + members, rounds * (double) members / secs,
                    "frames/s", h);
        } finally {
            receivers.forEach(WebSocket::abort);
            if (sender != null) {
                sender.abort();
            }
        }
    }

    private WebSocket connect(String path, Runnable onFrame) throws Exception {
        return client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + path),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (last) {
                            onFrame.run();
                        }
                        w.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop();
    }
}

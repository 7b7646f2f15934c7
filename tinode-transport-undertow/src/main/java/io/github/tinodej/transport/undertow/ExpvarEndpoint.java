package io.github.tinodej.transport.undertow;

import io.github.tinodej.transport.ServerStats;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.TransportContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Tinode's {@code expvar} page ({@code /debug/vars} in its stock config): the server's counters as
 * one flat JSON object under Tinode's names, so dashboards and scripts written for Tinode read it
 * unchanged. {@code memstats} carries the JVM's heap in place of Go's runtime figures.
 */
final class ExpvarEndpoint implements HttpHandler {
    private final TransportContext ctx;

    ExpvarEndpoint(TransportContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!Methods.GET.equals(ex.getRequestMethod()) && !Methods.HEAD.equals(ex.getRequestMethod())) {
            ex.setStatusCode(405);
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(render(ctx.stats()));
    }

    static String render(ServerStats s) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return "{\"LiveSessions\":" + s.liveSessions()
                + ",\"TotalSessions\":" + s.totalSessions()
                + ",\"LiveTopics\":" + s.liveTopics()
                + ",\"TotalTopics\":" + s.totalTopics()
                + ",\"IncomingMessagesWebsockTotal\":" + s.incoming().getOrDefault(SessionKind.WEBSOCKET, 0L)
                + ",\"OutgoingMessagesWebsockTotal\":" + s.outgoing().getOrDefault(SessionKind.WEBSOCKET, 0L)
                + ",\"IncomingMessagesLongpollTotal\":" + s.incoming().getOrDefault(SessionKind.LONG_POLL, 0L)
                + ",\"OutgoingMessagesLongpollTotal\":" + s.outgoing().getOrDefault(SessionKind.LONG_POLL, 0L)
                + ",\"IncomingMessagesGrpcTotal\":" + s.incoming().getOrDefault(SessionKind.GRPC, 0L)
                + ",\"OutgoingMessagesGrpcTotal\":" + s.outgoing().getOrDefault(SessionKind.GRPC, 0L)
                + ",\"RequestLatency\":" + histogram(s.requestLatency())
                + ",\"PushSent\":" + s.pushSent()
                + ",\"PushFailed\":" + s.pushFailed()
                + ",\"PushDropped\":" + s.pushDropped()
                + ",\"memstats\":{\"HeapAlloc\":" + heap.getUsed() + ",\"HeapSys\":" + heap.getCommitted() + "}}";
    }

    /** Tinode's histogram JSON: count, sum, count_per_bucket, bounds. */
    private static String histogram(ServerStats.Histogram h) {
        StringBuilder b = new StringBuilder("{\"count\":").append(h.count()).append(",\"sum\":").append(number(h.sum()))
                .append(",\"count_per_bucket\":[");
        long[] counts = h.countPerBucket();
        for (int i = 0; i < counts.length; i++) {
            b.append(i == 0 ? "" : ",").append(counts[i]);
        }
        b.append("],\"bounds\":[");
        double[] bounds = h.bounds();
        for (int i = 0; i < bounds.length; i++) {
            b.append(i == 0 ? "" : ",").append(number(bounds[i]));
        }
        return b.append("]}").toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

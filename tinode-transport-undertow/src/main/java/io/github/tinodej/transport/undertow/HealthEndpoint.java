package io.github.tinodej.transport.undertow;

import io.github.tinodej.transport.TransportContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Optional;

/**
 * Probes for an orchestrator: {@code /healthz} (liveness: the server answers HTTP, 200 "ok") and
 * {@code /readyz} (readiness: 200 "ready" while the server takes traffic and its store answers,
 * else 503 with the reason). Neither tells anything a stranger could use beyond that, but both are
 * off unless the host turns them on.
 */
final class HealthEndpoint implements HttpHandler {
    private final TransportContext ctx;
    private final boolean readiness;

    HealthEndpoint(TransportContext ctx, boolean readiness) {
        this.ctx = ctx;
        this.readiness = readiness;
    }

    /** Adds the monitoring endpoints that are switched on: Prometheus, expvar, the two probes. */
    static void mountMonitoring(io.undertow.server.handlers.PathHandler paths, TransportContext ctx, String prometheusPath,
            String expvarPath, boolean healthChecks, java.util.concurrent.atomic.LongAdder uploads) {
        if (prometheusPath != null) {
            paths.addExactPath(prometheusPath, new PrometheusEndpoint(new TinodeMeters(ctx::stats, uploads::sum)));
        }
        if (expvarPath != null) {
            paths.addExactPath(expvarPath, new ExpvarEndpoint(ctx));
        }
        if (healthChecks) {
            paths.addExactPath("/healthz", new HealthEndpoint(ctx, false)).addExactPath("/readyz", new HealthEndpoint(ctx, true));
        }
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!Methods.GET.equals(ex.getRequestMethod()) && !Methods.HEAD.equals(ex.getRequestMethod())) {
            ex.setStatusCode(405);
            ex.endExchange();
            return;
        }
        if (!readiness) {
            send(ex, 200, "ok");
            return;
        }
        if (ex.isInIoThread()) {
            // The store check blocks (up to a few seconds on a database that hangs).
            ex.dispatch(this);
            return;
        }
        Optional<String> why = ctx.notReady();
        send(ex, why.isEmpty() ? 200 : 503, why.map(w -> "not ready: " + w).orElse("ready"));
    }

    private static void send(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(body + "\n");
    }
}

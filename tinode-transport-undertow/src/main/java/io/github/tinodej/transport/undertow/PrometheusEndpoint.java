package io.github.tinodej.transport.undertow;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * The Prometheus text exposition of {@link TinodeMeters} (and the JVM's memory), scraped on
 * demand. Like {@code /debug/vars} it has no access control: a host turns it on deliberately.
 */
final class PrometheusEndpoint implements HttpHandler {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Held here: Micrometer keeps the state of function meters only weakly. */
    private final TinodeMeters meters;

    PrometheusEndpoint(TinodeMeters meters) {
        this.meters = meters;
        meters.bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!Methods.GET.equals(ex.getRequestMethod()) && !Methods.HEAD.equals(ex.getRequestMethod())) {
            ex.setStatusCode(405);
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(registry.scrape());
    }
}

package io.github.tinodej.transport.undertow;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import org.xnio.Options;

/** Builds and starts the Undertow listener a bound {@link UndertowTransport} owns. */
final class Listeners {
    private Listeners() {
    }

    /** The started server: plain HTTP on {@code host:port}, or HTTPS (and its redirect) when {@code tls} is set. */
    static Undertow start(String host, int port, TlsListener tls, int ioThreads, Duration headerTimeout,
            Duration keepAliveTimeout, Duration readTimeout, HttpHandler handler) {
        Undertow.Builder listeners = Undertow.builder();
        if (tls == null) {
            listeners.addHttpListener(port, host);
        } else {
            tls.addListeners(listeners, host, port);
        }
        Undertow u = listeners
                .setIoThreads(ioThreads)
                // Worker threads serve blocking work only: file uploads and downloads.
                .setWorkerThreads(Math.max(4, ioThreads * 2))
                .setWorkerOption(Options.THREAD_DAEMON, true)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                // Go's http.Server in Tinode: ReadHeaderTimeout 10 s, IdleTimeout 30 s. Without them
                // a client dripping header bytes, or connecting and saying nothing, holds a
                // connection for ever (reliability.md AB-04, slowloris).
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) headerTimeout.toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) keepAliveTimeout.toMillis())
                // Chat frames are small and latency-bound: never let Nagle hold them back.
                .setSocketOption(Options.TCP_NODELAY, true)
                // A body that stops arriving must not hold a worker thread for ever: uploads are
                // read blocking on Undertow's few workers, so a handful of stalled uploads would
                // stop every file transfer. WebSockets turn it off after the upgrade (WsEndpoint).
                .setSocketOption(Options.READ_TIMEOUT, (int) readTimeout.toMillis())
                .setHandler(handler)
                .build();
        u.start();
        return u;
    }
}

package io.github.tinodej.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * A way for clients to reach the server (WebSocket, long polling, in-JVM). The server owns the
 * transport's lifecycle: it calls {@link #start} from {@code TinodeServer.start()} and {@link #stop}
 * from {@code TinodeServer.stop()}, each on the caller's thread.
 *
 * <p>A transport only moves frames: it validates the API key with
 * {@link TransportContext#isValidApiKey}, opens a session per connection with
 * {@link TransportContext#openSession}, hands each inbound text frame to the returned
 * {@link SessionHandle} without decoding it, and writes what the engine sends through its
 * {@link Connection}. It never blocks its I/O threads on the engine.
 */
public interface Transport {

    /**
     * Starts accepting connections.
     *
     * @throws IOException if the transport cannot bind or start; the server then fails to start
     */
    void start(TransportContext context) throws IOException;

    /** The TCP port actually bound (useful after binding port 0), or -1 if this transport has none. */
    default int port() {
        return -1;
    }

    /**
     * Stops accepting connections and closes the open ones, waiting at most {@code grace} for
     * pending writes. Must be idempotent.
     */
    void stop(Duration grace);
}

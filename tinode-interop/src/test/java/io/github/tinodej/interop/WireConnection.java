package io.github.tinodej.interop;

import com.google.gson.JsonObject;

/** One client session speaking the raw protocol, over a WebSocket ({@link WireClient}) or long polling ({@link LpWireClient}). */
interface WireConnection extends AutoCloseable {
    /** Sends one frame; throws once the session is gone. */
    void send(String frame);

    /** The next frame with the given key, skipping others; fails at once if the session is gone. */
    JsonObject next(String kind) throws InterruptedException;

    /** Polls without failing; null on timeout or once the session is gone. */
    JsonObject poll(long millis) throws InterruptedException;

    /** Whether the server's {@code {ctrl 205 "server shutdown"}} notice arrived on this session. */
    boolean heardShutdown();

    @Override
    void close();
}

package io.github.tinodej.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket session of the load generator: a JDK WebSocket sharing its client (and selector
 * thread) with all others, so thousands of connections cost the generator little.
 */
final class WireConn extends ProtocolConn {
    static final String KEY = "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    static WireConn open(HttpClient client, String host) throws Exception {
        WireConn c = new WireConn();
        c.ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://" + host + "/v0/channels?apikey=" + KEY),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        c.partial.append(data);
                        if (last) {
                            String f = c.partial.toString();
                            c.partial.setLength(0);
                            c.dispatch(f);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        // The server closed (e.g. this client read too slowly): what is still
                        // waiting for an answer fails now and counts, instead of timing out one by one.
                        c.closed(new java.io.IOException("closed by the server: " + code + " " + reason));
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        c.closed(error);
                    }
                }).get(30, TimeUnit.SECONDS);
        return c;
    }

    @Override
    synchronized void transmit(String frame) {
        ws.sendText(frame, true).join();
    }

    @Override
    void close() {
        ws.abort();
    }
}

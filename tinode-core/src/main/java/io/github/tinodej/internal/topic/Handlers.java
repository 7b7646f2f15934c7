package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.codec.ClientMessage;
import java.time.Instant;

/** The requests every topic actor answers; each runs on the topic's actor. */
interface Handlers {
    void handleSub(ClientSession s, ClientMessage.Sub sub, Instant now);

    void handleLeave(ClientSession s, ClientMessage.Leave leave, Instant now);

    void handlePub(ClientSession s, ClientMessage m, Instant now);

    void handleGet(ClientSession s, ClientMessage.Get get, Instant now);

    void handleSet(ClientSession s, ClientMessage.Set set, Instant now);

    void handleDel(ClientSession s, ClientMessage.Del del, Instant now);

    /** The session disconnected. */
    void detach(ClientSession s);
}

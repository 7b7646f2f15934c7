package io.github.tinodej.internal.topic;

import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.session.Session;
import java.time.Instant;

/** The requests every topic actor answers; each runs on the topic's actor. */
interface Handlers {
    void handleSub(Session s, ClientMessage.Sub sub, Instant now);

    void handleLeave(Session s, ClientMessage.Leave leave, Instant now);

    void handlePub(Session s, ClientMessage m, Instant now);

    void handleGet(Session s, ClientMessage.Get get, Instant now);

    void handleSet(Session s, ClientMessage.Set set, Instant now);

    void handleDel(Session s, ClientMessage.Del del, Instant now);

    /** The session disconnected. */
    void detach(Session s);
}

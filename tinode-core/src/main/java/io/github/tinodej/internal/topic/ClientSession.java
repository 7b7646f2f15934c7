package io.github.tinodej.internal.topic;

import com.google.gson.JsonObject;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.SessionKind;
import java.time.Instant;

/**
 * What topics need of a client's session: who it is, and a way to write to it. The session
 * package implements it; topics never see the session's request handling, so the dependency
 * runs one way (sessions call topics, topics answer through this).
 *
 * <p>Every method is safe to call from a topic's executor.
 */
public interface ClientSession {

    /** The session id, for logs. */
    String sid();

    /** The transport kind; long polling changes some replies. */
    SessionKind kind();

    /**
     * The user this request acts as, whose permissions apply: the logged-in user, the one a root
     * session names in {@code extra.obo}, or {@link Uid#ZERO} before login.
     */
    Uid uid();

    /** The logged-in user behind the session; differs from {@link #uid()} only for root acting on behalf. */
    Uid user();

    /** The authentication level this request acts with (the login's, or root's {@code extra.authlevel}). */
    AuthLevel authLevel();

    /** The client's user agent from {@code {hi}}. */
    String userAgent();

    /** The client's language from {@code {hi}}, possibly empty. */
    default String lang() {
        return "";
    }

    /** The push device token from {@code {hi dev}}, or "". */
    default String deviceId() {
        return "";
    }

    /** The client's address as the transport saw it ("" for in-process sessions). */
    String remoteAddress();

    /** True once the session ended. */
    boolean isClosed();

    /** Queues a frame for the client. */
    void send(String frame);

    /** Queues a {@code {ctrl}} answering request {@code id}. */
    void reply(String id, String topic, JsonObject params, Ctrl status, Instant ts);

    /** Runs a task on the session's own executor. */
    void execute(Runnable task);

    /** The session is now attached to the topic. */
    void topicAttached(String name);

    /** True while the session is attached to the topic. */
    boolean isAttachedTo(String name);

    /** The session is no longer attached to the topic. */
    void topicDetached(String name);
}

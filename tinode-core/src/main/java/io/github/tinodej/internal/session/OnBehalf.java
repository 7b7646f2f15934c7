package io.github.tinodej.internal.session;

import com.google.gson.JsonObject;
import io.github.tinodej.internal.topic.ClientSession;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.transport.SessionKind;
import java.time.Instant;

/**
 * A root session's request made on behalf of another user ({@code extra.obo}, Tinode's
 * {@code msg.AsUser}): topics see that user and the given level, while frames go to the root
 * session's client. Equal to the session it wraps, as Tinode keeps one attachment per session and
 * topic whoever the session acts as: a topic attached through one obo request is found again by
 * the session's later requests and released when the session ends.
 */
final class OnBehalf implements ClientSession {
    private final Session session;
    private final Uid asUser;
    private final AuthLevel level;

    OnBehalf(Session session, Uid asUser, AuthLevel level) {
        this.session = session;
        this.asUser = asUser;
        this.level = level;
    }

    /** The session whose client gets the replies. */
    Session session() {
        return session;
    }

    @Override
    public String sid() {
        return session.sid();
    }

    @Override
    public SessionKind kind() {
        return session.kind();
    }

    @Override
    public Uid uid() {
        return asUser;
    }

    @Override
    public Uid user() {
        return session.uid();
    }

    @Override
    public AuthLevel authLevel() {
        return level;
    }

    @Override
    public String userAgent() {
        return session.userAgent();
    }

    @Override
    public String remoteAddress() {
        return session.remoteAddress();
    }

    @Override
    public boolean isClosed() {
        return session.isClosed();
    }

    @Override
    public void send(String frame) {
        session.send(frame);
    }

    @Override
    public void reply(String id, String topic, JsonObject params, Ctrl status, Instant ts) {
        session.reply(id, topic, params, status, ts);
    }

    @Override
    public void execute(Runnable task) {
        session.execute(task);
    }

    @Override
    public void topicAttached(String name) {
        session.topicAttached(name);
    }

    @Override
    public boolean isAttachedTo(String name) {
        return session.isAttachedTo(name);
    }

    @Override
    public void topicDetached(String name) {
        session.topicDetached(name);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o == session || o instanceof OnBehalf other && other.session == session;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(session);
    }

    @Override
    public String toString() {
        return "session " + session.sid() + " as " + asUser.userId();
    }
}

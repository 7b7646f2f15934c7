package io.github.tinodej.plugin;

import java.util.Objects;

/**
 * A plugin's verdict on one client message (Tinode's {@code ServerResp} status): go on unchanged,
 * drop it silently, go on with a replacement, or answer the client instead of the server.
 */
public final class FireHose {
    /** What the server does with the message. */
    public enum Verdict {
        /** Normal processing; later plugins see the message too. */
        CONTINUE,
        /** Nothing more happens: no reply, no processing. */
        DROP,
        /** Processing continues with {@link #json()}, a client message, instead. */
        REPLACE,
        /** {@link #json()}, a server message, goes to the client; the request is not processed. */
        RESPOND
    }

    private static final FireHose CONTINUE = new FireHose(Verdict.CONTINUE, null);
    private static final FireHose DROP = new FireHose(Verdict.DROP, null);

    private final Verdict verdict;
    private final String json;

    private FireHose(Verdict verdict, String json) {
        this.verdict = verdict;
        this.json = json;
    }

    /** Go on as if there were no plugin. */
    public static FireHose pass() {
        return CONTINUE;
    }

    /** Drop the message without a reply. */
    public static FireHose drop() {
        return DROP;
    }

    /**
     * Process {@code clientMessageJson} instead, e.g. {@code {"pub":{...}}} with edited content. It is
     * read as a frame from the client would be; malformed JSON gets the client a 400.
     */
    public static FireHose replace(String clientMessageJson) {
        return new FireHose(Verdict.REPLACE, Objects.requireNonNull(clientMessageJson, "clientMessageJson"));
    }

    /**
     * Answer the client with {@code serverMessageJson} (e.g. {@code {"ctrl":{...}}}) and do not
     * process the request.
     */
    public static FireHose respond(String serverMessageJson) {
        return new FireHose(Verdict.RESPOND, Objects.requireNonNull(serverMessageJson, "serverMessageJson"));
    }

    /** The verdict. */
    public Verdict verdict() {
        return verdict;
    }

    /** The replacement client message or the response, for REPLACE and RESPOND; null otherwise. */
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return json == null ? verdict.name() : verdict + " " + json;
    }
}

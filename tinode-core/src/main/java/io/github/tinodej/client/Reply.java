package io.github.tinodej.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's answer to one request: a {@code {ctrl}}, or a {@code {meta}} for a {@code {get}}
 * that found something (then {@link #code()} is 200 and {@link #metaJson()} holds the frame).
 */
public final class Reply {
    private final String id;
    private final String topic;
    private final int code;
    private final String text;
    private final JsonObject params;
    private final String metaJson;

    Reply(String id, String topic, int code, String text, JsonObject params, String metaJson) {
        this.id = id;
        this.topic = topic;
        this.code = code;
        this.text = text == null ? "" : text;
        this.params = params == null ? new JsonObject() : params;
        this.metaJson = metaJson;
    }

    /** The request id this answers. */
    public String id() {
        return id;
    }

    /** The topic the server named in the reply (for {@code sub new}, the new topic's name), if any. */
    public Optional<String> topic() {
        return Optional.ofNullable(topic);
    }

    /** Tinode's status code: 1xx-2xx success, 3xx redirect or more to do, 4xx-5xx failure. */
    public int code() {
        return code;
    }

    /** The status text, such as {@code "ok"} or {@code "accepted"}; empty for a {@code {meta}}. */
    public String text() {
        return text;
    }

    /** True for codes below 300. */
    public boolean ok() {
        return code < 300;
    }

    /**
     * A reply parameter as text: a string's value, any other JSON value (number, object) in JSON
     * form. Empty when the reply does not carry it.
     */
    public Optional<String> param(String name) {
        JsonElement e = params.get(Objects.requireNonNull(name, "name"));
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        return Optional.of(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : e.toString());
    }

    /** The message's seq from a {@code {pub}} reply ({@code params.seq}). */
    public int seq() {
        return param("seq").map(Integer::parseInt)
                .orElseThrow(() -> new IllegalStateException("reply carries no seq: " + this));
    }

    /** The whole {@code {meta}} frame when the request was answered with one. */
    public Optional<String> metaJson() {
        return Optional.ofNullable(metaJson);
    }

    /**
     * This reply if it succeeded.
     *
     * @throws TinodeClientException carrying the code and text otherwise
     */
    public Reply orThrow() {
        if (!ok()) {
            throw new TinodeClientException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return metaJson != null ? metaJson
                : "{ctrl id=" + id + (topic != null ? " topic=" + topic : "") + " code=" + code + " text=\"" + text + "\""
                        + (params.size() > 0 ? " params=" + params : "") + "}";
    }
}

package io.github.tinodej.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A notification another user's client sent ({@code {info}}): a read or delivery receipt, a typing
 * indicator, a call event.
 *
 * @param topic the topic as this client names it
 * @param from the user who sent it
 * @param what {@code read}, {@code recv}, {@code kp}, {@code call}, ...
 * @param seq the message it refers to for {@code read}, {@code recv} and {@code call}, else 0
 * @param src on {@code me}, the topic the notification is about, when given
 */
public record InfoEvent(String topic, String from, String what, int seq, Optional<String> src) {
    public InfoEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(src, "src");
    }
}

package io.github.tinodej.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A presence notification ({@code {pres}}): someone came online or went offline, a topic has a
 * new message, permissions changed, and so on.
 *
 * @param topic the topic it is about ({@code me} for what concerns the user's contacts)
 * @param src the user or topic the change is about, when given
 * @param what what happened: {@code on}, {@code off}, {@code msg}, {@code acs}, {@code upd},
 *     {@code read}, {@code recv}, {@code gone}, {@code term}, ...
 * @param seq the message seq for {@code msg}, {@code read} and {@code recv}, else 0
 * @param json the whole frame, for the fields not mapped here
 */
public record PresEvent(String topic, Optional<String> src, String what, int seq, String json) {
    public PresEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(json, "json");
    }
}

package io.github.tinodej.model;

import java.time.Instant;

/**
 * A push device registered by a session's {@code {hi dev}}.
 *
 * @param deviceId the push token
 * @param platform {@code android}, {@code ios}, {@code web} or empty
 * @param lastSeen last time a session used it
 * @param lang client language, may be empty
 */
public record Device(String deviceId, String platform, Instant lastSeen, String lang) {
}

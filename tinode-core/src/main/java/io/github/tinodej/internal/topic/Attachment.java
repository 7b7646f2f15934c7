package io.github.tinodej.internal.topic;

import io.github.tinodej.model.Uid;

/**
 * A session attached to a topic, and as whom.
 *
 * @param uid the session's user
 * @param asChan true if attached as a channel reader ({@code chn...})
 */
record Attachment(Uid uid, boolean asChan) {
}

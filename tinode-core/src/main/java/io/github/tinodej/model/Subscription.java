package io.github.tinodej.model;

import java.time.Instant;

/**
 * A user's persistent subscription to a topic, keyed by the topic's internal name ({@code usrXXX} for
 * {@code me}, {@code fndXXX} for {@code fnd}, {@code p2p...}, {@code grp...}). Immutable.
 *
 * @param topic internal topic name
 * @param user subscriber
 * @param created creation time
 * @param updated last change
 * @param deleted soft-deletion time or null
 * @param want mode the user asks for
 * @param given mode the topic grants
 * @param privateJson the subscriber's private description (JSON) or null
 * @param readSeq highest seq reported read
 * @param recvSeq highest seq reported received
 * @param delId highest delete id seen by this subscriber
 */
public record Subscription(String topic, Uid user, Instant created, Instant updated, Instant deleted,
        AccessMode want, AccessMode given, String privateJson, int readSeq, int recvSeq, int delId) {

    /** Effective mode {@code want & given}. */
    public AccessMode mode() {
        return want.and(given);
    }

    public Subscription withPrivate(String json, Instant now) {
        return new Subscription(topic, user, created, now, deleted, want, given, json, readSeq, recvSeq, delId);
    }

    public Subscription withModes(AccessMode w, AccessMode g, Instant now) {
        return new Subscription(topic, user, created, now, deleted, w, g, privateJson, readSeq, recvSeq, delId);
    }

    public Subscription withDeleted(Instant when) {
        return new Subscription(topic, user, created, when == null ? updated : when, when, want, given,
                privateJson, readSeq, recvSeq, delId);
    }

    public Subscription withSeqs(int read, int recv) {
        return new Subscription(topic, user, created, updated, deleted, want, given, privateJson, read, recv, delId);
    }
}

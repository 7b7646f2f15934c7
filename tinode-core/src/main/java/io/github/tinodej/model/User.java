package io.github.tinodej.model;

import java.time.Instant;
import java.util.List;

/**
 * A user account as stored. JSON-valued fields ({@code publicJson}, {@code trustedJson}) hold JSON
 * text exactly as clients sent it, or null when absent. Immutable; use the {@code with*} methods to
 * derive an updated copy.
 *
 * @param uid id
 * @param created creation time
 * @param updated last update of the account's description
 * @param state account state
 * @param stateAt when the state last changed, may be null
 * @param access default access others get to this user's p2p topics
 * @param publicJson public description (JSON), may be null
 * @param trustedJson trusted (root-set) description (JSON), may be null
 * @param tags normalised tags, never null
 * @param lastSeen when the user was last online, may be null
 * @param userAgent the user agent of the last session, may be null
 */
public record User(Uid uid, Instant created, Instant updated, ObjectState state, Instant stateAt,
        DefaultAccess access, String publicJson, String trustedJson, List<String> tags,
        Instant lastSeen, String userAgent) {

    public User {
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (uid == null || !uid.isValid()) {
            throw new IllegalArgumentException("user id must be valid");
        }
    }

    public User withPublic(String json, Instant now) {
        return new User(uid, created, now, state, stateAt, access, json, trustedJson, tags, lastSeen, userAgent);
    }

    public User withTrusted(String json, Instant now) {
        return new User(uid, created, now, state, stateAt, access, publicJson, json, tags, lastSeen, userAgent);
    }

    public User withAccess(DefaultAccess a, Instant now) {
        return new User(uid, created, now, state, stateAt, a, publicJson, trustedJson, tags, lastSeen, userAgent);
    }

    public User withTags(List<String> t, Instant now) {
        return new User(uid, created, now, state, stateAt, access, publicJson, trustedJson, t, lastSeen, userAgent);
    }

    public User withState(ObjectState s, Instant now) {
        return new User(uid, created, now, s, now, access, publicJson, trustedJson, tags, lastSeen, userAgent);
    }

    public User withLastSeen(Instant when, String ua) {
        return new User(uid, created, updated, state, stateAt, access, publicJson, trustedJson, tags, when, ua);
    }
}

package io.github.tinodej.auth;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import java.time.Instant;

/**
 * The outcome of a successful authentication or record change.
 *
 * @param uid the authenticated user
 * @param level the level to grant
 * @param expires when the credential expires, null for never
 * @param features token feature bits ({@link TokenAuthenticator#FEATURE_VALIDATED},
 *        {@link TokenAuthenticator#FEATURE_NO_LOGIN}); 0 for other schemes
 * @param tag the tag this credential adds to the user ({@code basic:alice}), or null
 * @param challenge for multi-stage schemes, bytes the client must answer before it is logged in:
 *        {@code {login}} then gets 300 "challenge" with them in {@code params.challenge} (base64)
 *        and the session stays anonymous, as in Tinode; null for a completed login. The array is
 *        not copied.
 */
public record AuthResult(Uid uid, AuthLevel level, Instant expires, int features, String tag, byte[] challenge) {

    /** A completed authentication (no challenge). */
    public AuthResult(Uid uid, AuthLevel level, Instant expires, int features, String tag) {
        this(uid, level, expires, features, tag, null);
    }
}

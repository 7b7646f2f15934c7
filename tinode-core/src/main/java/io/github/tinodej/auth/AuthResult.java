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
 */
public record AuthResult(Uid uid, AuthLevel level, Instant expires, int features, String tag) {
}

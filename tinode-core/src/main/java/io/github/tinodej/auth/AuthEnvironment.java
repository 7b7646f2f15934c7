package io.github.tinodej.auth;

import io.github.tinodej.store.Store;
import java.time.Clock;

/**
 * What the server gives an {@link Authenticator} at start-up.
 *
 * @param store the server's store, for schemes that keep records there
 * @param clock the server clock
 */
public record AuthEnvironment(Store store, Clock clock) {
}

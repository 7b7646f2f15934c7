package io.github.tinodej.auth;

import io.github.tinodej.store.Store;
import java.time.Clock;
import java.util.Objects;

/**
 * What the server gives an {@link Authenticator} at start-up.
 *
 * @param store the server's store, for schemes that keep records there
 * @param clock the server clock
 * @param accounts creates local accounts for schemes whose users live elsewhere
 */
public record AuthEnvironment(Store store, Clock clock, AccountFactory accounts) {

    public AuthEnvironment {
        Objects.requireNonNull(accounts, "accounts");
    }

    /** An environment whose {@link #accounts} refuses, for testing a scheme on its own. */
    public AuthEnvironment(Store store, Clock clock) {
        this(store, clock, AccountFactory.UNSUPPORTED);
    }
}

package io.github.tinodej.validate;

import io.github.tinodej.store.Store;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the server gives a {@link CredentialValidator} at start-up.
 *
 * @param store the server's store, which keeps the credentials
 * @param clock the server clock
 * @param executor where to deliver messages without holding up the request (the server's worker
 *        pool unless the validator was given its own)
 */
public record ValidatorEnvironment(Store store, Clock clock, Executor executor) {
}

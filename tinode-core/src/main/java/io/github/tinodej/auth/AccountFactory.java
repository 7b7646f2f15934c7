package io.github.tinodej.auth;

import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;

/**
 * Creates local accounts on behalf of an {@link Authenticator} whose users live elsewhere: an
 * external directory says a login is valid but the user has never been here, so the scheme makes
 * the account on first login (as Tinode's {@code rest} scheme does with {@code newacc}). The
 * account gets what {@code {acc}} gives a new user: the user record and its {@code me} and
 * {@code fnd} subscriptions.
 *
 * <p>Blocking; call it from {@link Authenticator} methods, which run on the authentication pool.
 */
public interface AccountFactory {

    /** A factory that refuses, for environments without one (unit tests of a scheme). */
    AccountFactory UNSUPPORTED = new AccountFactory() {
        @Override
        public Uid create(NewAccount account) {
            throw new StoreException(StoreException.Kind.UNSUPPORTED, "no account factory");
        }

        @Override
        public void remove(Uid uid) {
            throw new StoreException(StoreException.Kind.UNSUPPORTED, "no account factory");
        }
    };

    /**
     * Creates an account.
     *
     * @return the new user's id
     */
    Uid create(NewAccount account);

    /** Removes an account this factory created, for when linking it to the external record fails. */
    void remove(Uid uid);
}

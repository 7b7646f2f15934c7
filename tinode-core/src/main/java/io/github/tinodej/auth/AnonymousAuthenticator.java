package io.github.tinodej.auth;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;

/**
 * Tinode's {@code anonymous} scheme: accounts created without a secret at level {@code anon}. It
 * can create accounts but never log in; an anonymous user keeps access through the token issued at
 * creation.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnonymousAuthenticator implements Authenticator {
    /** Scheme name. */
    public static final String SCHEME = "anonymous";

    /** No secret to check: cheap, runs with the session's other work. */
    @Override
    public boolean expensive() {
        return false;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public AuthResult authenticate(byte[] secret, String remoteAddr) {
        throw new StoreException(StoreException.Kind.UNSUPPORTED, "anonymous login is not supported");
    }

    @Override
    public AuthResult addRecord(Uid uid, AuthLevel level, byte[] secret, String remoteAddr) {
        return new AuthResult(uid, AuthLevel.ANON, null, 0, null);
    }
}

package io.github.tinodej.auth;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.util.List;

/**
 * An authentication scheme ({@code basic}, {@code token}, {@code anonymous}, or a host's own such
 * as a corporate SSO check). Register one with {@code TinodeServer.Builder.authenticator}; a scheme
 * name may be registered once and replaces a stock scheme of the same name.
 *
 * <p>Threading: every method may block (hash passwords, call a directory service); the engine calls
 * them on its authentication pool, never on I/O threads, possibly concurrently. Failures are
 * reported as {@link StoreException}: {@code AUTH_FAILED} for a wrong secret, {@code MALFORMED} for an
 * unparsable one, {@code POLICY} for a weak one, {@code DUPLICATE} for a taken login.
 * Implementations must never log secrets.
 */
public interface Authenticator {

    /** The scheme name clients send, lower case. */
    String scheme();

    /** Called once when the server starts, before any other method. */
    default void init(AuthEnvironment env) {
    }

    /**
     * Checks a secret and identifies its user.
     *
     * @param secret the decoded bytes of {@code {login secret}}
     * @param remoteAddr the client's address, possibly empty
     */
    AuthResult authenticate(byte[] secret, String remoteAddr);

    /**
     * Stores a credential for a new account.
     *
     * @param level the level the engine wants granted (usually {@code AUTH})
     * @return the stored result, with the tag to add to the user if any
     */
    default AuthResult addRecord(Uid uid, AuthLevel level, byte[] secret, String remoteAddr) {
        throw new StoreException(StoreException.Kind.UNSUPPORTED, scheme() + " cannot create accounts");
    }

    /**
     * Replaces the user's credential (password change).
     *
     * @return the new result, with the user's new tag for this scheme if any
     * @throws StoreException {@code NOT_FOUND} if the user has no record for this scheme
     */
    default AuthResult updateRecord(Uid uid, byte[] secret, String remoteAddr) {
        throw new StoreException(StoreException.Kind.UNSUPPORTED, scheme() + " cannot update records");
    }

    /**
     * Checks, before an account is created, that the secret's unique part is free and meets the
     * policy.
     *
     * @return false if taken
     * @throws StoreException {@code POLICY} or {@code MALFORMED} if the secret is unacceptable
     */
    default boolean isUnique(byte[] secret, String remoteAddr) {
        return true;
    }

    /** Removes the user's records of this scheme (account deletion). */
    default void deleteRecords(Uid uid) {
    }

    /**
     * What a password-reset message needs to know of the user's record: {@code login} for
     * {@code basic} (Tinode's {@code GetResetParams}). Default: nothing, as Tinode's other schemes.
     *
     * @throws StoreException {@code NOT_FOUND} if the user has no record of this scheme
     */
    default java.util.Map<String, String> resetParams(Uid uid) {
        return java.util.Map.of();
    }

    /** Tag namespaces this scheme owns, which clients may not add or remove ({@code basic}). */
    default List<String> restrictedTagNamespaces() {
        return List.of();
    }
}

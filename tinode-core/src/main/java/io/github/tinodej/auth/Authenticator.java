package io.github.tinodej.auth;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.util.List;

/**
 * An authentication scheme: how a {@code {login}} secret becomes a user, and how {@code {acc}}
 * creates and changes credentials. Stock schemes are {@code basic} ({@link BasicAuthenticator}),
 * {@code anonymous} ({@link AnonymousAuthenticator}), {@code token} (built in, see
 * {@code TinodeServer.Builder.tokenKey}) and {@code rest} ({@code auth.rest.RestAuthenticator},
 * Tinode's external HTTP service). A host adds its own (a corporate directory, SSO, its own user
 * table) by implementing this interface; see {@code DirectoryAuthenticator} in tinode-examples.
 *
 * <h2>Registration and names</h2>
 * {@code TinodeServer.Builder.authenticator(a)} registers a scheme under {@link #scheme()};
 * {@code authenticator(name, a)} under another name, which is what clients send (Tinode's
 * {@code logical_names}: registering a directory under {@code basic} makes TinodeWeb's login form
 * use it). A name is registered once and replaces a stock scheme of the same name;
 * {@code withoutAuthenticator(name)} removes one. One instance may serve several names.
 *
 * <h2>Lifecycle and threading</h2>
 * {@link #init} is called once when the server starts, before any other method, with the store,
 * the clock and an {@link AccountFactory} for schemes that create accounts on first login. The
 * other methods may block (hash passwords, call a directory service): the engine calls them on its
 * authentication pool, never on I/O threads, possibly concurrently, so implementations must be
 * thread-safe. {@link #restrictedTagNamespaces} is the exception: it is asked on request threads
 * and must answer from memory once warmed up.
 *
 * <h2>Results and failures</h2>
 * {@link #authenticate} returns the user, the level to grant and token features; the engine then
 * checks that the user exists locally and is not suspended, and issues a token. Failures are
 * {@link StoreException}s, whose kind decides the reply as Tinode's {@code decodeStoreError}
 * does: {@code AUTH_FAILED} or {@code EXPIRED} 401 "authentication failed", {@code MALFORMED}
 * 400, {@code POLICY} 422, {@code DUPLICATE} 409, {@code NOT_FOUND} 404, {@code DENIED} 403,
 * {@code UNSUPPORTED} 501, anything else (including unchecked exceptions) 500. A scheme that cannot
 * create accounts keeps the default {@link #addRecord}, so sign-up with it is 501.
 * Implementations must never log secrets.
 *
 * <p>Example: a scheme checking the host's users, linking each login to its chat account.
 * <pre>{@code
 * public AuthResult authenticate(byte[] secret, String remoteAddr) {
 *     String[] lp = new String(secret, UTF_8).split(":", 2);
 *     if (lp.length < 2 || !hostUsers.passwordMatches(lp[0], lp[1])) {
 *         throw new StoreException(StoreException.Kind.AUTH_FAILED, "rejected");
 *     }
 *     Uid uid = store.getAuthRecordByUnique("dir:" + lp[0]).map(AuthRecord::uid)
 *             .orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no chat account"));
 *     return new AuthResult(uid, AuthLevel.AUTH, null, 0, null);
 * }
 * }</pre>
 */
public interface Authenticator {

    /** The scheme name clients send, lower case. */
    String scheme();

    /**
     * Called once when the server starts, before any other method, however many names the
     * scheme is registered under.
     */
    default void init(AuthEnvironment env) {
    }

    /**
     * Checks a secret and identifies its user. Also used for {@code {acc tmpscheme}} one-off
     * secrets.
     *
     * @param secret the decoded bytes of {@code {login secret}}
     * @param remoteAddr the client's address, possibly empty
     * @return the user (who must exist in the store), the level, and token features
     * @throws StoreException {@code AUTH_FAILED} for a wrong secret, see the class comment
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

    /**
     * Removes the user's records of this scheme (account deletion); called for every scheme,
     * whether the user has records in it or not. Throwing {@code UNSUPPORTED} keeps the account
     * from being deleted (405, as in Tinode); other failures are logged and deletion goes on.
     */
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

    /**
     * Tag namespaces this scheme owns, which clients may not add or remove ({@code basic}).
     * Asked whenever tags change, on request threads: answer from memory (a remote scheme fetches
     * once and caches). Throwing refuses the tag change.
     */
    default List<String> restrictedTagNamespaces() {
        return List.of();
    }

    /**
     * True when checking a secret costs real CPU or waits on something slow (password hashing, a
     * remote service): such checks run on the server's small, low-priority authentication pool,
     * so that a login storm cannot starve messaging. Cheap checks (a token's MAC) run on the
     * worker pool with the session's other work, so that a crowd of reconnecting clients is not
     * queued behind one hashing thread. Unknown work is kept off the message path: true by default.
     */
    default boolean expensive() {
        return true;
    }
}

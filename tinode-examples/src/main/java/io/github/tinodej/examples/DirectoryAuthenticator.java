package io.github.tinodej.examples;

import com.google.gson.JsonObject;
import io.github.tinodej.auth.AccountFactory;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.NewAccount;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An example {@link Authenticator}: users log in with the login and password of the host
 * application's own user table, which stays the only place passwords live. The first login of a
 * directory user creates the chat account (named after the user, tagged {@code <scheme>:<login>})
 * and an auth record linking the login to it, so later logins find the same account.
 *
 * <p>Register it in place of {@code basic}, so that TinodeWeb and the other official clients use
 * it without change, and sign-up through {@code {acc}} is refused (501):
 * <pre>{@code
 * TinodeServer.builder()
 *         .authenticator("basic", new DirectoryAuthenticator("basic", myUsers::check))
 *         ...
 * }</pre>
 *
 * <p>Thread-safe if the directory is.
 */
public final class DirectoryAuthenticator implements Authenticator {

    /** The host's user table. */
    @FunctionalInterface
    public interface Directory {
        /**
         * Checks a login and password.
         *
         * @return the user's display name if they match, empty otherwise (unknown login or wrong
         *     password alike: the client must not learn which)
         */
        Optional<String> check(String login, String password);
    }

    private final String scheme;
    private final Directory directory;
    private Store store;
    private AccountFactory accounts;

    /**
     * @param scheme the scheme name, which also names the records and tags ({@code basic:alice})
     * @param directory the host's user table
     */
    public DirectoryAuthenticator(String scheme, Directory directory) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public void init(AuthEnvironment env) {
        this.store = env.store();
        this.accounts = env.accounts();
    }

    @Override
    public AuthResult authenticate(byte[] secret, String remoteAddr) {
        String s = new String(secret, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new StoreException(StoreException.Kind.MALFORMED, "secret is not login:password");
        }
        String login = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String name = directory.check(login, s.substring(colon + 1))
                .orElseThrow(() -> new StoreException(StoreException.Kind.AUTH_FAILED, "rejected by the directory"));
        String unique = scheme + ":" + login;
        Uid uid = store.getAuthRecordByUnique(unique).map(AuthRecord::uid).orElseGet(() -> firstLogin(unique, name));
        return new AuthResult(uid, AuthLevel.AUTH, null, 0, unique);
    }

    /** Creates the chat account of a directory user and links the login to it. */
    private Uid firstLogin(String unique, String name) {
        JsonObject pub = new JsonObject();
        pub.addProperty("fn", name);
        Uid uid = accounts.create(new NewAccount(ObjectState.OK, null, null, pub.toString(), null, null, List.of(unique)));
        try {
            store.addAuthRecord(new AuthRecord(unique, uid, scheme, AuthLevel.AUTH, new byte[0], null));
            return uid;
        } catch (StoreException e) {
            accounts.remove(uid);
            if (e.kind() == StoreException.Kind.DUPLICATE) {
                // Two first logins at once: the other one linked its account first; use that.
                return store.getAuthRecordByUnique(unique).map(AuthRecord::uid).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    @Override
    public void deleteRecords(Uid uid) {
        store.deleteAuthRecords(uid, scheme);
    }

    /** The login tags are the directory's: users may not add or remove them. */
    @Override
    public List<String> restrictedTagNamespaces() {
        return List.of(scheme);
    }
}

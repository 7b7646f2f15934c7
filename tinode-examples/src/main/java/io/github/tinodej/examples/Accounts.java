package io.github.tinodej.examples;

import com.google.gson.JsonPrimitive;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.BasicAuthenticator;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Credential;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreDeletions;
import io.github.tinodej.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Accounts made, re-keyed and deleted from the console ({@code user create}, {@code init-db
 * --data_file}) with what {@code {acc}} gives a new user: the user record, the {@code me} and
 * {@code fnd} subscriptions, a {@code basic} record hashed by the configured
 * {@link BasicAuthenticator} itself (same policy and bcrypt cost as logins), and validated
 * {@code email}/{@code tel} credentials. Deletion is the engine's own {@link StoreDeletions}.
 */
final class Accounts {
    /** Tinode's mode of a user's own {@code me}/{@code fnd} subscriptions. */
    private static final AccessMode SELF = AccessMode.parse("JPS");
    /** Tinode's default for a new user's p2p topics: authenticated users JRWPAS, anonymous none. */
    static final DefaultAccess USER_ACCESS = new DefaultAccess(AccessMode.parse("JRWPAS"), AccessMode.NONE);

    private final Store store;
    private final BasicAuthenticator basic;
    private final SecureRandom random = new SecureRandom();

    Accounts(Store store, BasicAuthenticator basic) {
        this.store = store;
        this.basic = basic;
        basic.init(new AuthEnvironment(store, Clock.systemUTC()));
    }

    /**
     * A new account to make.
     *
     * @param publicJson the public description as JSON, or null
     * @param privateJson the private part of the {@code me} subscription as JSON, or null
     * @param addressBook the {@code fnd} private value (Tinode's address book), or null
     */
    record Spec(String login, String password, AuthLevel level, ObjectState state, String publicJson,
            String trustedJson, String privateJson, List<String> tags, String email, String tel,
            String addressBook, Instant created) {
    }

    /** Creates the account; a taken login or a policy violation fails before anything is written. */
    Uid create(Spec a) {
        String login = a.login().toLowerCase(Locale.ROOT);
        byte[] secret = (login + ":" + a.password()).getBytes(StandardCharsets.UTF_8);
        try {
            if (!basic.isUnique(secret, "")) {
                throw new IllegalStateException("login '" + login + "' is taken");
            }
        } catch (StoreException e) {
            throw policy(e, "login '" + login + "'");
        }
        TreeSet<String> tags = new TreeSet<>();
        for (String t : a.tags()) {
            tags.add(t.trim().toLowerCase(Locale.ROOT));
        }
        if (a.email() != null) {
            tags.add("email:" + a.email().toLowerCase(Locale.ROOT));
        }
        if (a.tel() != null) {
            tags.add("tel:" + a.tel());
        }
        Instant now = a.created();
        Uid uid = newUid();
        store.createUser(new User(uid, now, now, a.state(), null, USER_ACCESS, a.publicJson(), a.trustedJson(),
                new ArrayList<>(tags), null, null));
        try {
            AuthResult r = basic.addRecord(uid, a.level(), secret, "");
            if (r.tag() != null && tags.add(r.tag())) {
                store.updateUser(store.getUser(uid).orElseThrow().withTags(new ArrayList<>(tags), now));
            }
            store.upsertSubscription(new Subscription(uid.userId(), uid, now, now, null, SELF, SELF, a.privateJson(), 0, 0, 0));
            String book = a.addressBook() == null ? null : new JsonPrimitive(a.addressBook()).toString();
            store.upsertSubscription(new Subscription("fnd" + uid.encoded(), uid, now, now, null, SELF, SELF, book, 0, 0, 0));
            if (a.email() != null) {
                store.upsertCredential(Credential.validated(uid, "email", a.email().toLowerCase(Locale.ROOT), now));
            }
            if (a.tel() != null) {
                store.upsertCredential(Credential.validated(uid, "tel", a.tel(), now));
            }
        } catch (RuntimeException e) {
            store.deleteUser(uid, true);
            throw e instanceof StoreException s ? policy(s, "password") : e;
        }
        return uid;
    }

    /** A new password for the account's basic login, hashed as the authenticator hashes at sign-up. */
    void resetPassword(Uid uid, String password) {
        if (store.getAuthRecord(uid, BasicAuthenticator.SCHEME).isEmpty()) {
            throw new IllegalStateException(uid.userId() + " has no basic login");
        }
        try {
            // An empty login keeps the current one (Tinode's {acc secret} with only a password).
            basic.updateRecord(uid, (":" + password).getBytes(StandardCharsets.UTF_8), "");
        } catch (StoreException e) {
            throw policy(e, "password");
        }
    }

    /** A policy refusal said in the operator's terms; other failures as they are. */
    private RuntimeException policy(StoreException e, String what) {
        return e.kind() == StoreException.Kind.POLICY
                ? new IllegalStateException(what + " violates the basic policy (auth_config.basic: min_login_length, "
                        + "min_password_length)")
                : e;
    }

    /** Deletes the account as a root's {@code {del what:"user" hard:true}} does, without live sessions to tell. */
    void delete(Uid uid, boolean hard, Instant now) {
        StoreDeletions.deleteAccount(store, uid, hard, now);
    }

    /** A random non-zero id not taken yet. */
    Uid newUid() {
        while (true) {
            long v = random.nextLong();
            Uid uid = new Uid(v);
            if (v != 0 && store.getUser(uid).isEmpty()) {
                return uid;
            }
        }
    }
}

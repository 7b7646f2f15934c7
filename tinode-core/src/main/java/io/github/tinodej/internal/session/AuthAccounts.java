package io.github.tinodej.internal.session;

import io.github.tinodej.auth.AccountFactory;
import io.github.tinodej.auth.NewAccount;
import io.github.tinodej.internal.Services;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.Store;
import java.time.Instant;
import java.util.List;

/**
 * The engine's {@link AccountFactory}: accounts made by external authenticators get what
 * {@code {acc}} gives a new user (the user, and the {@code me} and {@code fnd} subscriptions).
 */
public final class AuthAccounts implements AccountFactory {
    private final Services services;

    public AuthAccounts(Services services) {
        this.services = services;
    }

    @Override
    public Uid create(NewAccount a) {
        Instant now = services.now();
        DefaultAccess base = AccountHandler.defaultUserAccess(services);
        // Go parses newacc's modes without masking them: the directory is trusted like a root.
        DefaultAccess access = new DefaultAccess(mode(a.authAccess(), base.auth()), mode(a.anonAccess(), base.anon()));
        List<String> tags = Tags.normalize(a.tags(), Integer.MAX_VALUE);
        ObjectState state = a.state() == null ? ObjectState.OK : a.state();
        User user = new User(new Uid(services.randomId()), now, now, state, null, access, a.publicJson(),
                a.trustedJson(), tags, null, null);
        Store store = services.store();
        store.createUser(user);
        try {
            store.upsertSubscription(new Subscription(user.uid().userId(), user.uid(), now, now, null,
                    AccountHandler.SELF_MODE, AccountHandler.SELF_MODE, a.privateJson(), 0, 0, 0));
            store.upsertSubscription(new Subscription("fnd" + user.uid().encoded(), user.uid(), now, now, null,
                    AccountHandler.SELF_MODE, AccountHandler.SELF_MODE, null, 0, 0, 0));
        } catch (RuntimeException e) {
            remove(user.uid());
            throw e;
        }
        return user.uid();
    }

    @Override
    public void remove(Uid uid) {
        services.store().deleteUser(uid, true);
    }

    private static AccessMode mode(String letters, AccessMode fallback) {
        if (letters == null || letters.isBlank()) {
            return fallback;
        }
        try {
            return AccessMode.parse(letters);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}

package io.github.tinodej.examples;

import com.google.gson.JsonObject;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tinode.jar user ...}: account administration straight on the configured database, for an
 * operator at the console (Tinode does this with {@code tinode-db}). The first root account is
 * made here; from then on root does the rest over the protocol ({@code {acc user status}} evicts a
 * suspended user's live sessions, which this command cannot reach).
 *
 * <p>The server should not be running on an embedded H2 file: H2 lets one process open it.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Account administration on the configured database: create, delete, reset-password, "
                + "make root, suspend, restore, show.")
public final class UserCommand implements Callable<Integer> {
    /** What the command does to the account. */
    enum Action { CREATE, DELETE, RESET_PASSWORD, ROOT, AUTH, SUSPEND, RESTORE, SHOW }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions db;

    @Parameters(index = "0", description = "create, delete, reset-password, root (give root level), "
            + "auth (back to the normal level), suspend, restore, show", converter = ActionConverter.class)
    Action action;

    @Parameters(index = "1", description = "the account: its basic login, or its user id (usr...)")
    String account;

    @Parameters(index = "2", arity = "0..1", description = "the password (create, reset-password)")
    String password;

    @Option(names = "--name", description = "create: the full name (public fn); default the login")
    String name;

    @Option(names = "--email", description = "create: an email address, stored as validated and as a tag")
    String email;

    @Option(names = "--root", description = "create: the account logs in at root level")
    boolean root;

    @Option(names = "--soft", description = "delete: mark the account deleted instead of removing its records")
    boolean soft;

    /** Picocli converter so that actions are typed in lower case, as the usage says. */
    static final class ActionConverter implements picocli.CommandLine.ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            return Action.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @Override
    public Integer call() {
        return db.run(spec, true, (store, out) -> {
            boolean needsPassword = action == Action.CREATE || action == Action.RESET_PASSWORD;
            if (needsPassword != (password != null)) {
                throw new StoreOptions.Refused(needsPassword ? "a password is required: user "
                        + action.name().toLowerCase(Locale.ROOT).replace('_', '-') + " LOGIN PASSWORD"
                        : "unexpected argument '" + password + "'");
            }
            Accounts accounts = new Accounts(store, AuthSettings.basic(db.load()));
            if (action == Action.CREATE) {
                out.println(create(store, accounts));
                return 0;
            }
            Optional<Uid> uid = resolve(store, account);
            if (uid.isEmpty() || store.getUser(uid.get()).isEmpty()) {
                throw new StoreOptions.Refused("no account '" + account + "'");
            }
            out.println(switch (action) {
                case DELETE -> {
                    accounts.delete(uid.get(), !soft, Instant.now());
                    yield uid.get().userId() + (soft ? " marked deleted" : " deleted");
                }
                case RESET_PASSWORD -> {
                    accounts.resetPassword(uid.get(), password);
                    yield uid.get().userId() + " has a new basic password";
                }
                default -> apply(store, uid.get(), action, Instant.now());
            });
            return 0;
        });
    }

    private String create(Store store, Accounts accounts) {
        JsonObject pub = new JsonObject();
        pub.addProperty("fn", name == null ? account : name);
        Uid uid = accounts.create(new Accounts.Spec(account, password, root ? AuthLevel.ROOT : AuthLevel.AUTH,
                ObjectState.OK, pub.toString(), null, null, List.of(), email, null, null, Instant.now()));
        return uid.userId() + " created: basic login '" + account.toLowerCase(Locale.ROOT) + "' at level "
                + (root ? "root" : "auth");
    }

    /** A basic login or a user id, as the operator typed it. */
    static Optional<Uid> resolve(Store store, String account) {
        if (account.startsWith("usr")) {
            Uid uid = Uid.parseUserId(account);
            if (uid.isValid()) {
                return Optional.of(uid);
            }
        }
        return store.getAuthRecordByUnique("basic:" + account.toLowerCase(Locale.ROOT)).map(AuthRecord::uid);
    }

    /** Performs the action and says what happened, in one line. */
    static String apply(Store store, Uid uid, Action action, Instant now) {
        User user = store.getUser(uid).orElseThrow();
        return switch (action) {
            case ROOT, AUTH -> {
                AuthLevel level = action == Action.ROOT ? AuthLevel.ROOT : AuthLevel.AUTH;
                AuthRecord rec = store.getAuthRecord(uid, "basic").orElseThrow(() ->
                        new IllegalStateException(uid.userId() + " has no basic login to carry the level"));
                store.updateAuthRecord(new AuthRecord(rec.unique(), uid, rec.scheme(), level, rec.secret(), rec.expires()));
                yield uid.userId() + " logs in with basic at level " + level.wireName()
                        + " (sessions already logged in keep their level until they log in again)";
            }
            case SUSPEND, RESTORE -> {
                ObjectState state = action == Action.SUSPEND ? ObjectState.SUSPENDED : ObjectState.OK;
                if (user.state() != state) {
                    store.updateUser(user.withState(state, now));
                }
                yield uid.userId() + " is " + state.wireName() + (action == Action.SUSPEND
                        ? " (a running server refuses its next login; a root {acc status:\"susp\"} also evicts live sessions)"
                        : "");
            }
            case SHOW -> {
                String level = store.getAuthRecord(uid, "basic").map(r -> r.level().wireName()).orElse("-");
                String login = store.getAuthRecord(uid, "basic").map(r -> r.unique().substring(6)).orElse("-");
                yield uid.userId() + " login=" + login + " state=" + user.state().wireName() + " basic-level=" + level
                        + " created=" + user.created();
            }
            default -> throw new IllegalArgumentException(action.name());
        };
    }
}

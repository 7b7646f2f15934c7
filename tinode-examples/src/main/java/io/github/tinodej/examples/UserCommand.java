package io.github.tinodej.examples;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tinode.jar user ...}: account administration straight on the configured database, for an
 * operator at the console (Tinode does this with {@code tinode-db}). The first root account is
 * made here; from then on root does the rest over the protocol ({@code {acc user status}} evicts a
 * suspended user's live sessions, which this command cannot reach).
 *
 * <p>The server should not be running on an embedded H2 file: H2 lets one process open it.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Account administration on the configured database: make root, suspend, restore.")
public final class UserCommand implements Callable<Integer> {
    /** What the command does to the account. */
    enum Action { ROOT, AUTH, SUSPEND, RESTORE, SHOW }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "root (give root level), auth (back to the normal level), "
            + "suspend, restore, show", converter = ActionConverter.class)
    Action action;

    @Parameters(index = "1", description = "the account: its basic login, or its user id (usr...)")
    String account;

    @Option(names = {"--config", "-config"}, description = "tinode.conf naming the database (default: H2 in --data)")
    Path config;

    @Option(names = {"--data", "-data"}, description = "the server's data folder (default ./data)")
    Path data = Path.of("data");

    /** Picocli converter so that actions are typed in lower case, as the usage says. */
    static final class ActionConverter implements picocli.CommandLine.ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            return Action.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TinodeConfig cfg = config == null ? TinodeConfig.empty() : TinodeConfig.load(config);
        try (JdbcStore store = StoreSelection.from(cfg, data)) {
            store.open();
            Optional<Uid> uid = resolve(store, account);
            if (uid.isEmpty() || store.getUser(uid.get()).isEmpty()) {
                err.println("tinode user: no account '" + account + "'");
                return 1;
            }
            out.println(apply(store, uid.get(), action, Instant.now()));
            return 0;
        } catch (IllegalStateException e) {
            err.println("tinode user: " + e.getMessage());
            return 1;
        } catch (io.github.tinodej.store.StoreException e) {
            err.println("tinode user: database: " + e.getMessage()
                    + " (an embedded H2 file opens in one process only: stop the server first)");
            return 1;
        }
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
                yield uid.userId() + " state=" + user.state().wireName() + " basic-level=" + level
                        + " created=" + user.created();
            }
        };
    }
}

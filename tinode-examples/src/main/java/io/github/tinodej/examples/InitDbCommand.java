package io.github.tinodej.examples;

import com.google.gson.JsonObject;
import io.github.tinodej.auth.BasicAuthenticator;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.jdbc.JdbcSchema;
import io.github.tinodej.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinode.jar init-db}: Tinode's {@code tinode-db} for a new database: creates the schema,
 * optionally drops everything first ({@code --reset}) and loads Tinode's sample-data file
 * ({@code --data_file}, Tinode's {@code -data}, which here would clash with the launcher's data
 * folder {@code --data}). Refuses a database that already has the schema unless {@code --reset}.
 * {@code --add_root} and {@code --make_root} behave as Tinode's flags of the same names.
 */
@Command(name = "init-db", mixinStandardHelpOptions = true,
        description = "Create the database schema (tinode-db); --reset drops everything first; --data_file loads "
                + "Tinode's sample data.json.")
public final class InitDbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions db;

    @Option(names = {"--reset", "-reset"}, description = "drop every table of the configured database and recreate "
            + "the schema (all data is lost)")
    boolean reset;

    @Option(names = {"--data_file", "-data_file"}, paramLabel = "FILE",
            description = "Tinode sample data (tinode-db's data.json) to load; photos are read next to it")
    Path dataFile;

    @Option(names = {"--add_root", "-add_root"}, paramLabel = "LOGIN[:PASSWORD]",
            description = "also create a root account with basic login; a password is generated if none is given")
    String addRoot;

    @Option(names = {"--make_root", "-make_root"}, paramLabel = "USER_ID",
            description = "also promote an account loaded from --data_file (usr...) to root")
    String makeRoot;

    /** The sample data's randomness (message order, times, generated passwords); package-private for tests. */
    Random random = new SecureRandom();

    @Override
    public Integer call() {
        return db.run(spec, false, (store, out) -> {
            SampleData data = null;
            if (dataFile != null) {
                if (!Files.isRegularFile(dataFile)) {
                    throw new StoreOptions.Refused("no sample data file " + dataFile);
                }
                data = SampleData.read(dataFile);
            }
            JdbcSchema schema = JdbcSchema.of(store);
            int before = schema.currentVersion();
            out.println("adapter: " + schema.adapterName());
            out.println("schema.before: " + before);
            if (before > 0) {
                if (!reset) {
                    throw new StoreOptions.Refused("the database is already initialised (schema version " + before
                            + "); --reset drops and recreates it (all data is lost), upgrade-db upgrades it");
                }
                schema.drop();
                out.println("reset: dropped all tables");
            }
            store.open();
            out.println("schema.after: " + schema.currentVersion());
            Accounts accounts = new Accounts(store, AuthSettings.basic(db.load()));
            if (data != null) {
                PrintWriter err = spec.commandLine().getErr();
                // gendb registers its users under Tinode's stock basic policy (logins of 2+, passwords
                // of 3+: the sample has "bob"), whatever tinode.conf asks of sign-ups.
                Accounts sample = new Accounts(store, new BasicAuthenticator(2, 3, 10, true));
                SampleLoader loader = new SampleLoader(store, sample, db.load().bool("p2p_delete_enabled", true),
                        random, Instant.now(), out, new PrefixedWriter(err, spec.qualifiedName(" ") + ": "));
                int messages = loader.load(data);
                out.println("loaded: " + data.users().size() + " users, " + data.groups().size() + " groups, "
                        + data.p2p().size() + " p2p topics, " + messages + " messages");
            }
            addRoot(store, accounts, out);
            if (makeRoot != null) {
                Uid uid = Uid.parseUserId(makeRoot);
                if (!uid.isValid() || store.getUser(uid).isEmpty()) {
                    throw new StoreOptions.Refused("--make_root: no account '" + makeRoot + "'");
                }
                out.println(UserCommand.apply(store, uid, UserCommand.Action.ROOT, Instant.now()));
            }
            return 0;
        });
    }

    /** Tinode's {@code -add_root=LOGIN[:PASSWORD]}: a 10-character password is made when none is given. */
    private void addRoot(JdbcStore store, Accounts accounts, PrintWriter out) {
        if (addRoot == null) {
            return;
        }
        int colon = addRoot.indexOf(':');
        String login = colon < 0 ? addRoot : addRoot.substring(0, colon);
        String password = colon < 0 || colon == addRoot.length() - 1 ? null : addRoot.substring(colon + 1);
        if (password == null) {
            StringBuilder sb = new StringBuilder();
            String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/.+?=&";
            for (int i = 0; i < 10; i++) {
                sb.append(chars.charAt(random.nextInt(chars.length())));
            }
            password = sb.toString();
        }
        JsonObject pub = new JsonObject();
        pub.addProperty("fn", "ROOT " + login);
        Uid uid = accounts.create(new Accounts.Spec(login, password, AuthLevel.ROOT, ObjectState.OK, pub.toString(),
                null, null, List.of(), null, null, null, Instant.now()));
        out.println("root: " + uid.userId() + " login '" + login + "' password '" + password + "'");
    }

    /** Prefixes each line written to stderr with the command name, as the errors are. */
    private static final class PrefixedWriter extends PrintWriter {
        private final String prefix;

        PrefixedWriter(PrintWriter target, String prefix) {
            super(target, true);
            this.prefix = prefix;
        }

        @Override
        public void println(String s) {
            super.println(prefix + s);
        }
    }
}

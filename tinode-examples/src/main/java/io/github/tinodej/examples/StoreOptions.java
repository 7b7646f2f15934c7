package io.github.tinodej.examples;

import io.github.tinodej.store.StoreException;
import io.github.tinodej.store.jdbc.JdbcSchema;
import io.github.tinodej.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The database options every administration command shares ({@code --config}, {@code --data}),
 * and how such a command runs: on the store {@code tinode.conf} names, with operator mistakes
 * reported as one line on stderr and exit code 1, never a stack trace.
 */
final class StoreOptions {
    @Option(names = {"--config", "-config"}, description = "tinode.conf naming the database (default: H2 in --data)")
    Path config;

    @Option(names = {"--data", "-data"}, description = "the server's data folder (default ./data)")
    Path data = Path.of("data");

    /** What a command does with the store; returns the exit code. */
    interface Work {
        int run(JdbcStore store, PrintWriter out) throws Exception;
    }

    /** A mistake the operator can fix; its message is the whole report. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The libraries' INFO chatter (pool start, each Flyway step, jOOQ's logo and tip) would bury
     * the command's own lines on the console; warnings still show. Held here because
     * java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
     */
    private static final List<Logger> CHATTY = List.of(Logger.getLogger("org.flywaydb"),
            Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.jooq"));

    private static void quiet() {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        CHATTY.forEach(l -> l.setLevel(Level.WARNING));
    }

    TinodeConfig load() throws IOException {
        return config == null ? TinodeConfig.empty() : TinodeConfig.load(config);
    }

    /**
     * Runs {@code work} on the configured store. With {@code open}, the store is opened first and
     * a database without the schema is refused (rather than silently created: that is
     * {@code init-db}'s job); without, {@code work} opens it itself.
     */
    int run(CommandSpec spec, boolean open, Work work) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName(" ");
        quiet();
        try {
            TinodeConfig cfg = load();
            try (JdbcStore store = StoreSelection.from(cfg, data)) {
                if (open) {
                    JdbcSchema schema = JdbcSchema.of(store);
                    if (schema.currentVersion() == 0) {
                        throw new Refused("the " + schema.adapterName()
                                + " database has no tinodej schema; create it with 'tinode init-db'");
                    }
                    store.open();
                }
                return work.run(store, out);
            }
        } catch (Refused | IllegalStateException | IllegalArgumentException | TinodeConfig.ConfigException e) {
            err.println(name + ": " + e.getMessage());
        } catch (IOException e) {
            err.println(name + ": cannot read " + config + ": " + e.getMessage());
        } catch (StoreException e) {
            String msg = firstLine(e.getMessage());
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e && root.getMessage() != null && !msg.contains(firstLine(root.getMessage()))) {
                msg += " (" + firstLine(root.getMessage()) + ")";
            }
            err.println(name + ": database: " + msg + (msg.contains("in use") || msg.contains("locked")
                    ? " (an embedded H2 file opens in one process only: stop the server first)" : ""));
        } catch (Exception e) {
            err.println(name + ": " + e);
        } finally {
            out.flush();
            err.flush();
        }
        return 1;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package io.github.tinodej.examples;

import io.github.tinodej.store.jdbc.JdbcSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tinode.jar upgrade-db}: Tinode's {@code tinode-db -upgrade}: applies the schema
 * migrations the database lacks, keeping its data, and reports the version before and after.
 * (The server also upgrades on start; this lets an operator do it, and see it, beforehand.)
 */
@Command(name = "upgrade-db", mixinStandardHelpOptions = true,
        description = "Apply pending schema migrations (tinode-db -upgrade); back the database up first.")
public final class UpgradeDbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions db;

    @Override
    public Integer call() {
        return db.run(spec, false, (store, out) -> {
            JdbcSchema schema = JdbcSchema.of(store);
            int before = schema.currentVersion();
            int latest = schema.latestVersion();
            out.println("adapter: " + schema.adapterName());
            out.println("schema.before: " + before);
            out.println("schema.latest: " + latest);
            if (before == 0) {
                throw new StoreOptions.Refused("the database has no tinodej schema to upgrade; create it with 'tinode init-db'");
            }
            if (before > latest) {
                throw new StoreOptions.Refused("the database schema (version " + before + ") is newer than this tinodej's ("
                        + latest + "); upgrade tinodej instead");
            }
            int after = schema.upgrade();
            out.println("schema.after: " + after);
            out.println(after == before ? "upgrade: already up to date" : "upgrade: applied " + (after - before)
                    + " migration(s)");
            return 0;
        });
    }
}

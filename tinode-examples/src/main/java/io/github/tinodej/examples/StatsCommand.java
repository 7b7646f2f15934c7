package io.github.tinodej.examples;

import io.github.tinodej.store.jdbc.JdbcSchema;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tinode.jar stats}: what the configured database holds, one {@code key: value} line per
 * count, keys in a stable (sorted) order: the store's {@link io.github.tinodej.store.Store#counts()}
 * ({@code users}, {@code topics.grp}, {@code topics.p2p}, ..., {@code messages},
 * {@code subscriptions}, {@code devices}, {@code files.referenced}), the schema version, and the
 * uploads in the file-system media folder ({@code files.stored}) when there is one.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counts of users, topics by kind, messages, subscriptions, devices and files in the database.")
public final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions db;

    @Override
    public Integer call() {
        return db.run(spec, true, (store, out) -> {
            JdbcSchema schema = JdbcSchema.of(store);
            out.println("adapter: " + store.adapterName());
            out.println("schema.version: " + schema.currentVersion());
            for (Map.Entry<String, Long> e : store.counts().entrySet()) {
                out.println(e.getKey() + ": " + e.getValue());
            }
            Path uploads = uploads(db.load());
            if (uploads != null && Files.isDirectory(uploads)) {
                out.println("files.stored: " + storedFiles(uploads));
            }
            return 0;
        });
    }

    /** The fs media handler's folder, as the launcher picks it; null for another handler. */
    private Path uploads(TinodeConfig cfg) {
        String handler = cfg.string("media.use_handler");
        if (handler != null && !handler.isEmpty() && !handler.equals("fs")) {
            return null;
        }
        String dir = cfg.string("media.handlers.fs.upload_dir");
        return dir == null || dir.isEmpty() ? db.data.resolve("uploads") : Path.of(dir);
    }

    /** Uploads are {@code <id>} with an {@code <id>.json} record: one record, one file. */
    static long storedFiles(Path dir) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> records = Files.newDirectoryStream(dir, "*.json")) {
            for (Path ignored : records) {
                n++;
            }
        }
        return n;
    }
}

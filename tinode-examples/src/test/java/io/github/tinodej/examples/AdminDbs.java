package io.github.tinodej.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The administration command tests' databases as a JUnit extension: every database at hand
 * ({@link AdminDb#all}) made fresh before the test class and dropped after it, with a temporary
 * folder for H2 and the tests' files. Register it in a static field and feed {@link #list()} to
 * {@code @MethodSource}.
 */
final class AdminDbs implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private List<AdminDb> dbs = List.of();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("tinodej-admin");
        dbs = AdminDb.all(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            for (AdminDb db : dbs) {
                db.drop();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // A file an H2 thread still holds: the system cleans temporary folders.
            }
        }
    }

    /** The databases, H2 first. */
    List<AdminDb> list() {
        return dbs;
    }

    /** The temporary folder (H2's data folder is {@code h2} inside it). */
    Path dir() {
        return dir;
    }
}

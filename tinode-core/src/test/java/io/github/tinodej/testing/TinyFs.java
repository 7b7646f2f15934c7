package io.github.tinodej.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few pages mounted under a test's directory, to run out of disk (or make it
 * read-only) on purpose. Needs root and mount(8): elsewhere the test is skipped, not failed.
 * tmpfs counts whole 4 KiB pages, so how much is free is exact.
 */
public final class TinyFs implements AutoCloseable {
    public static final int PAGE = 4096;
    private static final String FILLER = ".filler";
    private final Path dir;

    private TinyFs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code pages} pages at {@code dir} (created if missing). */
    public static TinyFs mount(Path dir, int pages) throws Exception {
        Files.createDirectories(dir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + (long) pages * PAGE + ",mode=0700", "tmpfs", dir.toString());
        Assumptions.assumeTrue(out == null, () -> "cannot mount a tmpfs here (needs root): " + out);
        return new TinyFs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Fills the file system up to {@code freePages} free pages (a filler file not counted by {@link #files()}). */
    public void leaveFree(int freePages) throws IOException {
        Path filler = dir.resolve(FILLER);
        Files.deleteIfExists(filler);
        long fill = Files.getFileStore(dir).getUnallocatedSpace() - (long) freePages * PAGE;
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] page = new byte[PAGE];
            for (long i = 0; i < fill / PAGE; i++) {
                out.write(page);
            }
        }
    }

    /** Removes the filler: the space is back. */
    public void free() throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
    }

    /** Names of the files present, the filler excepted. */
    public List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(FILLER)).sorted().toList();
        }
    }

    public void readOnly() throws Exception {
        check(run("mount", "-o", "remount,ro", dir.toString()));
    }

    public void readWrite() throws Exception {
        check(run("mount", "-o", "remount,rw", dir.toString()));
    }

    /** Unmounts (lazily if something still holds a file open, so the test's directory can go). */
    @Override
    public void close() throws Exception {
        if (run("umount", dir.toString()) != null) {
            check(run("umount", "-l", dir.toString()));
        }
    }

    private static void check(String failure) {
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Runs a command; null on success, else its output. */
    private static String run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", cmd) + ": timed out";
        }
        return p.exitValue() == 0 ? null : String.join(" ", cmd) + ": " + out.trim();
    }
}

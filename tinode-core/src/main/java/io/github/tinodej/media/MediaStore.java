package io.github.tinodej.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Where out-of-band files live (Tinode's media handler). The stock implementation is
 * {@link FileSystemMediaStore}; a host may plug object storage.
 *
 * <p>Threading: every method may block and is called from worker threads, never from I/O threads.
 * Thread-safe. Failures are {@link IOException}s.
 */
public interface MediaStore {

    /**
     * Stores an upload. Reads at most {@code maxSize} bytes; more means the upload is refused and
     * nothing is kept.
     *
     * @param content the bytes (not closed by the store)
     * @param mimeType the detected content type
     * @param owner uploader
     * @throws TooLargeException when the content exceeds {@code maxSize}
     */
    StoredFile store(InputStream content, String mimeType, long maxSize, io.github.tinodej.model.Uid owner)
            throws IOException;

    /** The file's record. */
    Optional<StoredFile> find(String id) throws IOException;

    /** The file's bytes, or its preview image when {@code preview} (caller closes). */
    InputStream open(String id, boolean preview) throws IOException;

    /** Marks files as referenced so garbage collection keeps them; unknown ids are ignored. */
    void link(Collection<String> ids) throws IOException;

    /** Deletes unreferenced uploads created before {@code cutoff}; returns how many. */
    int collectGarbage(Instant cutoff) throws IOException;

    /** Thrown when an upload exceeds the size limit. */
    final class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }
}

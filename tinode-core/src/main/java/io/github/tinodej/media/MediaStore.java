package io.github.tinodej.media;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Where out-of-band files live (Tinode's media handler). The stock implementation is
 * {@link FileSystemMediaStore}; a host may plug object storage.
 *
 * <p>Which files are in use is not the media store's business: messages, topics and users
 * reference uploads in the {@link io.github.tinodej.store.Store}, in the same transactions that
 * write and delete them, and garbage collection asks the store ({@link References}).
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

    /**
     * Deletes the uploads created before {@code cutoff} that {@code references} does not report as
     * referenced; returns how many. Asks about candidates in batches, never about newer uploads.
     */
    int collectGarbage(Instant cutoff, References references) throws IOException;

    /**
     * Which files something references; the engine answers with
     * {@link io.github.tinodej.store.Store#referencedFiles}. May block.
     */
    @FunctionalInterface
    interface References {
        /** The ids among {@code ids} that must be kept. */
        Set<String> referenced(Collection<String> ids);
    }

    /** Thrown when an upload exceeds the size limit. */
    final class TooLargeException extends IOException {
        public TooLargeException(String message) {
            super(message);
        }
    }
}

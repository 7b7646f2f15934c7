package io.github.tinodej.media;

import io.github.tinodej.model.Uid;
import java.time.Instant;

/**
 * An uploaded file's record.
 *
 * @param id server-generated id (11 characters, base64url), never derived from a client file name
 * @param mimeType content type detected from the bytes
 * @param size length in bytes
 * @param owner uploader, {@link Uid#ZERO} for an upload during sign-up
 * @param created upload time
 * @param etag entity tag for conditional downloads
 * @param hasPreview whether a server-made preview image exists
 */
public record StoredFile(String id, String mimeType, long size, Uid owner, Instant created, String etag,
        boolean hasPreview) {
}

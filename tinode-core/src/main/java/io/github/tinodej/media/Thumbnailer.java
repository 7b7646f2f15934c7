package io.github.tinodej.media;

import java.io.IOException;
import java.nio.file.Path;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Server-side previews: a JPEG no larger than {@code maxSide} pixels on its longer side.
 * Images the JDK cannot decode simply get no preview.
 */
public final class Thumbnailer {
    private final int maxSide;

    public Thumbnailer(int maxSide) {
        if (maxSide < 16 || maxSide > 4096) {
            throw new IllegalArgumentException("maxSide must be 16..4096: " + maxSide);
        }
        this.maxSide = maxSide;
    }

    /** Writes a preview of {@code image} to {@code target}; false if the image cannot be read. */
    public boolean write(Path image, Path target) {
        try {
            Thumbnails.of(image.toFile()).size(maxSide, maxSide).outputFormat("jpg").toFile(target.toFile());
            // Thumbnailator appends the extension when the target lacks one.
            Path withExt = target.resolveSibling(target.getFileName() + ".jpg");
            if (java.nio.file.Files.exists(withExt)) {
                java.nio.file.Files.move(withExt, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return java.nio.file.Files.exists(target);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

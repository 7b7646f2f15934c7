package io.github.tinodej.media;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.tinodej.model.Uid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Files in a folder: {@code <id>} holds the bytes, {@code <id>.json} the record, {@code <id>.preview}
 * a preview image. Ids are random and validated on every lookup, so no client input ever becomes a
 * path. Uploads are written to a temporary file and moved into place only when complete.
 */
public final class FileSystemMediaStore implements MediaStore {
    private static final Pattern ID = Pattern.compile("^[-_A-Za-z0-9]{11}$");
    /** Candidates asked about at once during garbage collection. */
    private static final int GC_BATCH = 256;
    private final Path dir;
    private final Clock clock;
    private final Thumbnailer thumbnailer;
    private final SecureRandom random = new SecureRandom();

    /** Stores under {@code dir} (created if missing), with previews of at most 256 pixels. */
    public FileSystemMediaStore(Path dir) throws IOException {
        this(dir, Clock.systemUTC(), new Thumbnailer(256));
    }

    public FileSystemMediaStore(Path dir, Clock clock, Thumbnailer thumbnailer) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.clock = clock;
        this.thumbnailer = thumbnailer;
    }

    @Override
    public StoredFile store(InputStream content, String mimeType, long maxSize, Uid owner) throws IOException {
        String id = Uid.encode(random.nextLong());
        Path tmp = Files.createTempFile(dir, "upload-", ".part");
        long size;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        try (OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = content.read(buf)) >= 0) {
                total += n;
                if (total > maxSize) {
                    throw new TooLargeException("upload exceeds " + maxSize + " bytes");
                }
                out.write(buf, 0, n);
                sha.update(buf, 0, n);
            }
            size = total;
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Path file = dir.resolve(id);
        Path previewFile = dir.resolve(id + ".preview");
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            boolean preview = false;
            if (mimeType.startsWith("image/")) {
                preview = thumbnailer.write(file, previewFile);
                if (!preview) {
                    // A preview that failed half-way (disk full) is not served, so not kept either.
                    deletePreview(previewFile);
                }
            }
            StoredFile f = new StoredFile(id, mimeType, size, owner, clock.instant(),
                    HexFormat.of().formatHex(sha.digest()).substring(0, 32), preview);
            writeRecord(f);
            return f;
        } catch (IOException | RuntimeException e) {
            // Disk full or read-only part-way through: nothing of this upload stays. Garbage
            // collection finds uploads by their record, so bytes without one would stay forever.
            for (Path p : new Path[] {tmp, file, previewFile, thumbnailatorName(previewFile)}) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
    }

    /** The preview and the name Thumbnailator may have written it under. */
    private static void deletePreview(Path previewFile) throws IOException {
        Files.deleteIfExists(previewFile);
        Files.deleteIfExists(thumbnailatorName(previewFile));
    }

    private static Path thumbnailatorName(Path previewFile) {
        return previewFile.resolveSibling(previewFile.getFileName() + ".jpg");
    }

    @Override
    public Optional<StoredFile> find(String id) throws IOException {
        JsonObject o = record(id);
        if (o == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredFile(id, o.get("mime").getAsString(), o.get("size").getAsLong(),
                new Uid(o.get("owner").getAsLong()), Instant.parse(o.get("created").getAsString()),
                o.get("etag").getAsString(), o.get("preview").getAsBoolean()));
    }

    private JsonObject record(String id) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            return null;
        }
        Path rec = dir.resolve(id + ".json");
        if (!Files.exists(rec)) {
            return null;
        }
        return JsonParser.parseString(Files.readString(rec, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Override
    public InputStream open(String id, boolean preview) throws IOException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new java.nio.file.NoSuchFileException(String.valueOf(id));
        }
        return Files.newInputStream(dir.resolve(preview ? id + ".preview" : id));
    }

    /**
     * Records written before references moved to the {@link io.github.tinodej.store.Store} carry
     * {@code "linked": true} for files a message or profile used; the store knows nothing about
     * them, so they are kept rather than lost on upgrade.
     */
    @Override
    public synchronized int collectGarbage(Instant cutoff, References references) throws IOException {
        List<String> candidates = new ArrayList<>();
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path rec : files) {
                String id = rec.getFileName().toString().replace(".json", "");
                JsonObject o = record(id);
                if (o == null || o.has("linked") && o.get("linked").getAsBoolean()
                        || !Instant.parse(o.get("created").getAsString()).isBefore(cutoff)) {
                    continue;
                }
                candidates.add(id);
                if (candidates.size() == GC_BATCH) {
                    n += delete(candidates, references);
                    candidates.clear();
                }
            }
        }
        return n + delete(candidates, references);
    }

    private int delete(List<String> candidates, References references) throws IOException {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<String> keep = references.referenced(List.copyOf(candidates));
        int n = 0;
        for (String id : candidates) {
            if (!keep.contains(id)) {
                Files.deleteIfExists(dir.resolve(id));
                Files.deleteIfExists(dir.resolve(id + ".preview"));
                Files.deleteIfExists(dir.resolve(id + ".json"));
                n++;
            }
        }
        return n;
    }

    private void writeRecord(StoredFile f) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("mime", f.mimeType());
        o.addProperty("size", f.size());
        o.addProperty("owner", f.owner().value());
        o.addProperty("created", f.created().toString());
        o.addProperty("etag", f.etag());
        o.addProperty("preview", f.hasPreview());
        Path tmp = dir.resolve(f.id() + ".json.tmp");
        try {
            Files.writeString(tmp, o.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(f.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A full disk leaves an empty or truncated file behind the failed write.
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}

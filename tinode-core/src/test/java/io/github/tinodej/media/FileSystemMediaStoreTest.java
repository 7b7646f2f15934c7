package io.github.tinodej.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.Uid;
import io.github.tinodej.test.FakeClock;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemMediaStoreTest {
    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void garbage_unreferencedOlderUploadsCollected_referencedAndNewerKept() throws Exception {
        FileSystemMediaStore store = new FileSystemMediaStore(dir, clock, new Thumbnailer(64));
        StoredFile kept = store.store(new ByteArrayInputStream("a".getBytes()), "text/plain", 100, new Uid(1));
        StoredFile dropped = store.store(new ByteArrayInputStream("b".getBytes()), "text/plain", 100, new Uid(1));
        clock.advance(Duration.ofHours(2));
        StoredFile fresh = store.store(new ByteArrayInputStream("c".getBytes()), "text/plain", 100, new Uid(1));
        Set<String> asked = new HashSet<>();
        int n = store.collectGarbage(clock.instant().minus(Duration.ofHours(1)), ids -> {
            asked.addAll(ids);
            return ids.contains(kept.id()) ? Set.of(kept.id()) : Set.of();
        });
        assertThat(n).isEqualTo(1);
        assertThat(store.find(kept.id())).isPresent();
        assertThat(store.find(dropped.id())).isEmpty();
        assertThat(store.find(fresh.id())).isPresent();
        // Uploads younger than the cutoff are not even candidates.
        assertThat(asked).containsExactlyInAnyOrder(kept.id(), dropped.id());
    }

    @Test
    void garbage_recordMarkedLinkedByAnEarlierVersion_kept() throws Exception {
        FileSystemMediaStore store = new FileSystemMediaStore(dir, clock, new Thumbnailer(64));
        StoredFile old = store.store(new ByteArrayInputStream("a".getBytes()), "text/plain", 100, new Uid(1));
        Path rec = dir.resolve(old.id() + ".json");
        Files.writeString(rec, Files.readString(rec).replace("}", ",\"linked\":true}"));
        clock.advance(Duration.ofHours(2));
        assertThat(store.collectGarbage(clock.instant(), ids -> Set.of())).isZero();
        assertThat(store.find(old.id())).isPresent();
    }

    @Test
    void tooLarge_refusedAndNothingKept() throws Exception {
        FileSystemMediaStore store = new FileSystemMediaStore(dir);
        assertThatThrownBy(() -> store.store(new ByteArrayInputStream(new byte[1000]), "application/octet-stream", 999,
                Uid.ZERO)).isInstanceOf(MediaStore.TooLargeException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void hostileIds_neverBecomePaths() throws Exception {
        FileSystemMediaStore store = new FileSystemMediaStore(dir);
        assertThat(store.find("../../etc/passwd")).isEmpty();
        assertThat(store.find("..")).isEmpty();
        assertThatThrownBy(() -> store.open("../x", false)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void contentTypes_fromBytes() {
        assertThat(ContentTypes.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 4, "text/html")).isEqualTo("image/png");
        byte[] svg = "<svg onload=alert(1)>".getBytes();
        assertThat(ContentTypes.detect(svg, svg.length, "image/png")).startsWith("text/xml");
        byte[] bin = {0, 1, 2, 3};
        assertThat(ContentTypes.detect(bin, 4, "video/mp4")).isEqualTo("video/mp4");
        assertThat(ContentTypes.detect(bin, 4, "text/html")).isEqualTo("application/octet-stream");
        assertThat(ContentTypes.mustDownload("text/html; charset=utf-8")).isTrue();
        assertThat(ContentTypes.mustDownload("image/png")).isFalse();
    }
}

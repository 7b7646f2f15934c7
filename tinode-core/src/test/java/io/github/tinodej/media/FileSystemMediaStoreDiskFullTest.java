package io.github.tinodej.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.Uid;
import io.github.tinodej.test.FakeClock;
import io.github.tinodej.testing.TinyFs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FT-05: the upload folder runs out of space, or turns read-only. An upload either fails with an
 * IOException and leaves nothing behind, or is stored whole (bytes, record, and a preview only if
 * the record says so). Partial files would never be collected: garbage collection goes by record.
 */
class FileSystemMediaStoreDiskFullTest {
    @TempDir
    Path tmp;

    /** A PNG of noise: about 7 pages that barely compress; its JPEG preview takes several more. */
    private static byte[] noisyPng() throws IOException {
        BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(5);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void store_diskFullAtEveryStep_failsLeavingNothingOrStoresWhole() throws Exception {
        byte[] png = noisyPng();
        int needed = png.length / TinyFs.PAGE + 14;
        try (TinyFs fs = TinyFs.mount(tmp.resolve("media"), needed + 8)) {
            FileSystemMediaStore store = new FileSystemMediaStore(fs.dir(), new FakeClock(Instant.EPOCH),
                    new Thumbnailer(256));
            int failed = 0;
            int whole = 0;
            int withoutPreview = 0;
            List<String> partial = new ArrayList<>();
            // Every amount of free space from none to plenty: the disk fills up at each step of
            // the upload in turn (bytes, preview, record).
            for (int free = 0; free <= needed; free++) {
                fs.leaveFree(free);
                try {
                    StoredFile f = store.store(new ByteArrayInputStream(png), "image/png", 1 << 20, new Uid(7));
                    whole++;
                    List<String> expected = new ArrayList<>(List.of(f.id(), f.id() + ".json"));
                    if (f.hasPreview()) {
                        expected.add(f.id() + ".preview");
                    } else {
                        withoutPreview++;
                    }
                    if (!fs.files().equals(expected.stream().sorted().toList())) {
                        partial.add(free + " free: " + fs.files());
                    }
                    assertThat(Files.readAllBytes(fs.dir().resolve(f.id()))).isEqualTo(png);
                    assertThat(store.find(f.id())).isPresent();
                    for (String n : expected) {
                        Files.delete(fs.dir().resolve(n));
                    }
                } catch (IOException e) {
                    failed++;
                    if (!fs.files().isEmpty()) {
                        partial.add(free + " free: " + fs.files());
                    }
                }
                fs.free();
                for (String n : fs.files()) {
                    Files.delete(fs.dir().resolve(n));
                }
            }
            System.out.println("FT-05 media store, disk full at 0.." + needed + " free pages: failed cleanly " + failed
                    + ", stored whole " + whole + " (" + withoutPreview + " without preview), partial files left "
                    + partial.size());
            assertThat(partial).as("uploads that left partial files").isEmpty();
            assertThat(failed).as("too little space must fail").isPositive();
            assertThat(whole).as("enough space must succeed").isPositive();
        }
    }

    @Test
    void store_readOnlyFolder_failsLeavingNothing_thenWorksWhenWritableAgain() throws Exception {
        try (TinyFs fs = TinyFs.mount(tmp.resolve("media"), 16)) {
            FileSystemMediaStore store = new FileSystemMediaStore(fs.dir());
            fs.readOnly();
            assertThatThrownBy(() -> store.store(new ByteArrayInputStream("x".getBytes()), "text/plain", 100, new Uid(7)))
                    .isInstanceOf(IOException.class);
            assertThat(fs.files()).isEmpty();
            fs.readWrite();
            StoredFile f = store.store(new ByteArrayInputStream("x".getBytes()), "text/plain", 100, new Uid(7));
            assertThat(fs.files()).containsExactlyInAnyOrder(f.id(), f.id() + ".json");
        }
    }
}

package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.Message;
import io.github.tinodej.model.Uid;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's segments: what goes in comes back, in order, up to a record a crash cut short. */
class MessageJournalTest {
    private static final Instant AT = Instant.parse("2026-12-07T21:30:00.123456789Z");

    @TempDir
    Path dir;

    private static Message m(int seq, String head, String content) {
        return new Message("grpjournal", seq, AT.plusSeconds(seq), new Uid(77), head, content, 0);
    }

    @Test
    void appendedBatches_readBackInOrder_nullsUnicodeFilesAndNanosKept() throws Exception {
        MessageJournal j = MessageJournal.start(dir, "db", 0);
        String big = "\"" + "x".repeat(200_000) + "\"";
        j.append(List.of(m(1, null, "\"Zoë 😀\""), m(2, "{\"mime\":\"text/x-drafty\"}", "null")),
                List.of(List.of(), List.of("f1", "f2")));
        j.append(List.of(m(3, "{}", big)), List.of(List.of("f3")));
        j.close();
        List<MessageJournal.Segment> segs = MessageJournal.segments(dir, "db");
        assertThat(segs).extracting(MessageJournal.Segment::number).containsExactly(1L);
        assertThat(MessageJournal.read(segs.get(0))).containsExactly(
                new MessageJournal.Entry(m(1, null, "\"Zoë 😀\""), List.of()),
                new MessageJournal.Entry(m(2, "{\"mime\":\"text/x-drafty\"}", "null"), List.of("f1", "f2")),
                new MessageJournal.Entry(m(3, "{}", big), List.of("f3")));
    }

    @Test
    void rotate_startsTheNextSegment_andHandsBackTheOneBefore() throws Exception {
        MessageJournal j = MessageJournal.start(dir, "db", 41);
        j.append(List.of(m(1, null, "1")), List.of(List.of()));
        MessageJournal.Segment done = j.rotate();
        j.append(List.of(m(2, null, "2")), List.of(List.of()));
        assertThat(done.number()).isEqualTo(42);
        assertThat(j.current().number()).isEqualTo(43);
        assertThat(MessageJournal.read(done)).extracting(e -> e.message().seq()).containsExactly(1);
        MessageJournal.drop(done);
        j.close();
        assertThat(MessageJournal.segments(dir, "db")).extracting(MessageJournal.Segment::number).containsExactly(43L);
        assertThat(MessageJournal.segments(dir, "other")).isEmpty();
    }

    @Test
    void recordCutShortOrDamaged_readingStopsBeforeIt() throws Exception {
        MessageJournal j = MessageJournal.start(dir, "db", 0);
        for (int seq = 1; seq <= 3; seq++) {
            j.append(List.of(m(seq, null, "\"m" + seq + "\"")), List.of(List.of()));
        }
        j.close();
        Path file = MessageJournal.segments(dir, "db").get(0).path();
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size - 3); // the third record half written
        }
        assertThat(MessageJournal.read(MessageJournal.segments(dir, "db").get(0)))
                .extracting(e -> e.message().seq()).containsExactly(1, 2);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(20); // inside the first record's payload
            f.write('#');
        }
        assertThat(MessageJournal.read(MessageJournal.segments(dir, "db").get(0))).isEmpty();
    }
}

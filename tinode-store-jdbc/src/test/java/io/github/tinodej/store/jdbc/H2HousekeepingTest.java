package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2HousekeepingTest {
    private static final Instant T0 = Instant.parse("2026-02-03T04:05:06Z");
    private static final Uid OWNER = new Uid(42);

    @TempDir
    Path dir;

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    private static long chunks(MVStore mv) {
        return mv.getLayoutMap().keySet().stream().filter(k -> k.startsWith("chunk.")).count();
    }

    @Test
    void sparseChunksOfPerMessageCommits_rewrittenUntilTheFillRateIsBackUp() throws Exception {
        // No retention, so chunks are old enough to rewrite at once; the URL keeps WRITE_DELAY=0.
        DataSource ds = h2(JdbcStore.h2File(dir) + ";RETENTION_TIME=0");
        JdbcStore store = JdbcStore.builder().dataSource(ds).h2Checkpoint(Duration.ZERO).h2Housekeeping(Duration.ZERO).build();
        store.open();
        // Holding a connection keeps the embedded database open between the store's calls.
        try (Connection hold = ds.getConnection()) {
            MVStore mv = H2Housekeeping.mvStore(hold);
            assertThat(mv.getAutoCommitDelay()).isZero();
            for (int t = 0; t < 4; t++) {
                store.createTopic(new TopicRecord("grp" + t, T0, T0, null, ObjectState.OK, null, false, OWNER,
                        new DefaultAccess(AccessMode.parse("JRWPS"), AccessMode.NONE), 0, 0, "{}", null, List.of(), null));
            }
            // One commit per message, as a server under light load writes them: each commit leaves
            // a chunk that keeps little more than a filled page of messages alive.
            for (int seq = 1; seq <= 1500; seq++) {
                for (int t = 0; t < 4; t++) {
                    store.saveMessage(new Message("grp" + t, seq, T0.plusMillis(seq), OWNER,
                            "{\"mime\":\"text/plain\"}", "\"message " + seq + " with some text to fill pages\"", 0));
                }
            }
            int fillBefore = mv.getFileStore().getChunksFillRate();
            long chunksBefore = chunks(mv);
            assertThat(fillBefore).as("chunks fill rate before").isLessThan(H2Housekeeping.TARGET_FILL_RATE);

            try (H2Housekeeping h = H2Housekeeping.startIfNeeded(ds, Duration.ofHours(1))) {
                assertThat(h).isNotNull();
                for (int round = 0; round < 200 && h.runOnce(); round++) {
                    // Each round rewrites at most about a megabyte, as H2's own thread would.
                }
            }
            // A commit drops the chunks the rewrite emptied.
            store.saveMessage(new Message("grp0", 1501, T0, OWNER, "{\"mime\":\"text/plain\"}", "\"after\"", 0));
            assertThat(mv.getFileStore().getChunksFillRate()).as("chunks fill rate after")
                    .isGreaterThanOrEqualTo(H2Housekeeping.TARGET_FILL_RATE);
            assertThat(chunks(mv)).as("chunks after (before: %d)", chunksBefore).isLessThan(chunksBefore / 4);
            // Nothing was lost on the way.
            assertThat(store.getMessages("grp3", OWNER, new MessageQuery(0, 0, List.of(), 2000))).hasSize(1500);
        } finally {
            store.close();
        }
    }

    @Test
    void onlyForEmbeddedFileDatabasesThatWriteEveryCommit() throws Exception {
        assertThat(H2Housekeeping.startIfNeeded(h2("jdbc:h2:mem:hk;DB_CLOSE_DELAY=-1"), Duration.ofSeconds(1))).isNull();
        DataSource delayed = h2("jdbc:h2:file:" + dir.resolve("delayed"));
        try (Connection hold = delayed.getConnection()) {
            assertThat(H2Housekeeping.startIfNeeded(delayed, Duration.ofSeconds(1))).isNull();
        }
        JdbcStore file = JdbcStore.builder().url(JdbcStore.h2File(dir.resolve("f"))).h2Checkpoint(Duration.ZERO).build();
        file.open();
        try {
            assertThat(file.housekeeping()).isTrue();
        } finally {
            file.close();
        }
        // With checkpoints (the default) H2 writes with a delay and compacts in its own thread.
        JdbcStore journaled = JdbcStore.builder().url(JdbcStore.h2File(dir.resolve("j"))).build();
        journaled.open();
        try {
            assertThat(journaled.housekeeping()).isFalse();
        } finally {
            journaled.close();
        }
        JdbcStore off = JdbcStore.builder().url(JdbcStore.h2File(dir.resolve("o"))).h2Checkpoint(Duration.ZERO)
                .h2Housekeeping(Duration.ZERO).build();
        off.open();
        try {
            assertThat(off.housekeeping()).isFalse();
        } finally {
            off.close();
        }
    }
}

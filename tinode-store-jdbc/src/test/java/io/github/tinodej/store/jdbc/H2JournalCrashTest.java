package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.group;
import static io.github.tinodej.store.StoreFixtures.sub;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.Device;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable before the ack with H2 writing a chunk per checkpoint ({@link H2Journal}): a process that
 * acknowledged writes and is then halted (no shutdown, no close, as {@code kill -9}) leaves every
 * one of them readable by the next, messages from the journal, other writes from H2's file; and
 * messages of a topic deleted for good and made again do not come back with the journal.
 */
class H2JournalCrashTest {
    private static final Uid OWNER = new Uid(4242);
    private static final Uid OTHER = new Uid(4343);
    /** Checkpoints that never come within a test: what H2 holds is only what a write stored. */
    private static final Duration NEVER = Duration.ofHours(1);

    /** The child JVM: acknowledged writes of one kind, then a halt. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(Path.of(args[0]))).h2Checkpoint(NEVER).build();
            store.open();
            switch (args[1]) {
                case "messages" -> {
                    store.createTopic(group("grpjournal", OWNER, List.of()));
                    store.upsertSubscription(sub("grpjournal", OWNER, "JRWPASDO"));
                    for (int seq = 1; seq <= 200; seq++) {
                        store.saveMessage(message("grpjournal", seq, seq), seq % 50 == 0 ? List.of("file" + seq) : List.of());
                    }
                }
                case "recreated" -> {
                    store.createTopic(group("grpagain", OWNER, List.of()));
                    for (int seq = 1; seq <= 3; seq++) {
                        store.saveMessage(message("grpagain", seq, seq));
                    }
                    store.deleteTopic("grpagain", true);
                    TopicRecord again = group("grpagain", OWNER, List.of());
                    store.createTopic(new TopicRecord(again.name(), T0.plusSeconds(3600), T0.plusSeconds(3600), null,
                            again.state(), null, false, OWNER, again.access(), 0, 0, again.publicJson(), null, List.of(), null));
                    store.saveMessage(message("grpagain", 1, 3601));
                }
                case "others" -> {
                    store.createUser(user(OTHER, List.of()));
                    store.updateUser(user(OTHER, List.of()).withPublic("{\"fn\":\"renamed\"}", T0));
                    store.upsertDevice(OTHER, new Device("device-1", "web", T0, "en"));
                    store.upsertDevice(OTHER, new Device("device-2", "web", T0, "en"));
                    // A write outside a transaction.
                    store.deleteDevice(OTHER, "device-2");
                }
                default -> throw new IllegalArgumentException(args[1]);
            }
            System.out.println("acknowledged");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    static Message message(String topic, int seq, long plusSeconds) {
        return new Message(topic, seq, T0.plusSeconds(plusSeconds), OWNER, "{\"mime\":\"text/plain\"}",
                "\"message " + seq + " Zoë 😀\"", 0);
    }

    private static void runChild(Path dir, String mode) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), dir.toString(), mode)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("acknowledged");
    }

    private static List<Path> segments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("tinode.journal.")).toList();
        }
    }

    /** The next process; no checkpoint comes while a test counts segments (one would add one for a moment). */
    private static JdbcStore reopen(Path dir) {
        JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(dir)).h2Checkpoint(NEVER).build();
        store.open();
        return store;
    }

    @Test
    void halted_afterAcks_everyMessageReadableWithItsFiles_seqRecovered(@TempDir Path dir) throws Exception {
        runChild(dir, "messages");
        // The messages are in the journal only: nothing but the topic and the subscription was stored.
        assertThat(segments(dir)).isNotEmpty();
        assertThat(segments(dir).stream().mapToLong(f -> f.toFile().length()).sum()).isGreaterThan(200 * 40);
        try (JdbcStore store = reopen(dir)) {
            List<Message> all = store.getMessages("grpjournal", OWNER, new MessageQuery(0, 0, List.of(), 1000));
            assertThat(all).hasSize(200);
            assertThat(all).contains(message("grpjournal", 1, 1), message("grpjournal", 200, 200));
            assertThat(store.getTopic("grpjournal").orElseThrow().seqId()).isEqualTo(200);
            assertThat(store.referencedFiles(List.of("file50", "file100", "file150", "file200", "file7")))
                    .containsExactlyInAnyOrder("file50", "file100", "file150", "file200");
            // Put back, stored and dropped: only the new journal's segment is left.
            assertThat(segments(dir)).hasSize(1);
        }
        assertThat(segments(dir)).isEmpty();
        // A second start has nothing to put back, and puts back nothing twice.
        try (JdbcStore again = reopen(dir)) {
            assertThat(again.getMessages("grpjournal", OWNER, new MessageQuery(0, 0, List.of(), 1000))).hasSize(200);
        }
    }

    @Test
    void topicDeletedForGoodAndMadeAgain_itsOldMessagesStayGone(@TempDir Path dir) throws Exception {
        runChild(dir, "recreated");
        try (JdbcStore store = reopen(dir)) {
            assertThat(store.getMessages("grpagain", OWNER, new MessageQuery(0, 0, List.of(), 100)))
                    .containsExactly(message("grpagain", 1, 3601));
            assertThat(store.getTopic("grpagain").orElseThrow().seqId()).isEqualTo(1);
        }
    }

    @Test
    void writesOtherThanMessages_storedBeforeTheyReturn(@TempDir Path dir) throws Exception {
        runChild(dir, "others");
        try (JdbcStore store = reopen(dir)) {
            assertThat(store.getUser(OTHER).orElseThrow().publicJson()).isEqualTo("{\"fn\":\"renamed\"}");
            assertThat(store.getDevices(OTHER)).extracting(Device::deviceId).containsExactly("device-1");
        }
    }
}

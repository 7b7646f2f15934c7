package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.Device;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tinode stats}: one stable line per count, on every database at hand. */
class StatsCommandTest {
    @RegisterExtension
    static final AdminDbs DBS = new AdminDbs();

    static List<AdminDb> dbs() {
        return DBS.list();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void stats_countsWhatTheSampleDataLoaded(AdminDb db) throws Exception {
        AdminDb.Run init = db.tinode("init-db", "--reset", "--data_file", InitDbCommandTest.sampleData().toString());
        assertThat(init.code()).as(init.err()).isZero();
        Map<String, String> ids = InitDbCommandTest.ids(init.out());
        long messages = Long.parseLong(init.out().replaceAll("(?s).*p2p topics, (\\d+) messages.*", "$1"));
        try (JdbcStore store = db.store()) {
            store.open();
            store.upsertDevice(Uid.parseUserId(ids.get("ann")), new Device("device-token-1", "android", Instant.now(), "en"));
        }
        AdminDb.Run run = db.tinode("stats");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Arrays.asList(run.out().split("\n"));
        // 4 users: 4 me + 4 fnd subscriptions; groups: 2 owners + 4 groupsubs; p2p: 3 x 2.
        assertThat(lines).contains("users: 4", "topics.grp: 2", "topics.p2p: 3", "messages: " + messages,
                "subscriptions: 20", "devices: 1", "credentials: 4", "files.referenced: 0");
        assertThat(lines.get(0)).isEqualTo("adapter: " + db);
        assertThat(lines.get(1)).matches("schema.version: [1-9]\\d*");
        // Keys after the first two come sorted, so scripts can diff two runs.
        assertThat(lines.subList(2, lines.size()).stream().filter(l -> !l.startsWith("files.stored")).toList())
                .isSortedAccordingTo(String::compareTo);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void stats_countsStoredUploads(AdminDb db) throws Exception {
        assertThat(db.tinode("init-db", "--reset").code()).isZero();
        Path uploads = db.toString().equals("h2") ? DBS.dir().resolve("h2").resolve("uploads") : DBS.dir().resolve(db + "-uploads");
        Files.createDirectories(uploads);
        Files.writeString(uploads.resolve("fileAAAA"), "x");
        Files.writeString(uploads.resolve("fileAAAA.json"), "{}");
        assertThat(db.tinode("stats").out()).contains("files.stored: 1\n").contains("users: 0\n");
    }
}

package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.store.jdbc.JdbcStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code tinode.jar user ...} against the launcher's default store, an H2 file in the data folder. */
class UserCommandTest {
    @RegisterExtension
    static final AdminDbs DBS = new AdminDbs();

    static List<AdminDb> dbs() {
        return DBS.list();
    }

    /** Runs a server on the data folder's H2 file for the length of {@code session}. */
    private static void withServer(Path data, Consumer<TestClient> session) {
        JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(data)).build();
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
                TestClient c = new TestClient(local)) {
            c.hi();
            session.accept(c);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run tinode(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TinodeMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String level(JsonObject loginCtrl) {
        return loginCtrl.getAsJsonObject("params").get("authlvl").getAsString();
    }

    @Test
    void root_makesTheNextLoginRoot_suspendRefusesIt_restoreAllowsIt(@TempDir Path data) {
        String[] uid = new String[1];
        withServer(data, c -> {
            JsonObject created = c.createBasic("alice", "alice-secret");
            assertThat(level(created)).isEqualTo("auth");
            uid[0] = c.userId();
        });

        Run root = tinode("user", "root", "Alice", "--data", data.toString());
        assertThat(root.code()).as(root.err()).isZero();
        assertThat(root.out()).contains(uid[0]).contains("level root");
        withServer(data, c -> assertThat(level(c.loginBasic("alice", "alice-secret"))).isEqualTo("root"));

        assertThat(tinode("user", "suspend", uid[0], "--data", data.toString()).code()).isZero();
        withServer(data, c -> assertThat(c.loginBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(403));
        Run show = tinode("user", "show", "alice", "--data", data.toString());
        assertThat(show.out()).contains("state=susp").contains("basic-level=root");

        assertThat(tinode("user", "restore", "alice", "--data", data.toString()).code()).isZero();
        assertThat(tinode("user", "auth", "alice", "--data", data.toString()).code()).isZero();
        withServer(data, c -> assertThat(level(c.loginBasic("alice", "alice-secret"))).isEqualTo("auth"));
    }

    @Test
    void unknownAccountOrAction_failsWithAMessage(@TempDir Path data) {
        withServer(data, c -> c.createBasic("alice", "alice-secret"));
        Run nobody = tinode("user", "root", "nobody", "--data", data.toString());
        assertThat(nobody.code()).isEqualTo(1);
        assertThat(nobody.err()).contains("no account 'nobody'");
        Run badId = tinode("user", "root", "usrBBBBBBBBBBA", "--data", data.toString());
        assertThat(badId.code()).isEqualTo(1);
        Run badAction = tinode("user", "promote", "alice", "--data", data.toString());
        assertThat(badAction.code()).isEqualTo(2);
        assertThat(badAction.err()).contains("promote");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dbs")
    void create_resetPassword_delete_onEveryDatabase(AdminDb db) {
        assertThat(db.tinode("init-db", "--reset").code()).isZero();
        AdminDb.Run created = db.tinode("user", "create", "Alice", "alice-pass", "--name", "Alice Smith",
                "--email", "alice@example.org", "--root");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).matches("usr\\S+ created: basic login 'alice' at level root\\n");
        Uid alice = Uid.parseUserId(created.out().split(" ")[0]);
        AdminDb.Run bob = db.tinode("user", "create", "bobby", "bob-pass");
        assertThat(bob.code()).as(bob.err()).isZero();
        Uid bobId = Uid.parseUserId(bob.out().split(" ")[0]);

        assertThat(db.tinode("user", "create", "alice", "other-pass").err()).contains("login 'alice' is taken");
        assertThat(db.tinode("user", "create", "al", "other-pass").err()).contains("violates the basic policy");
        assertThat(db.tinode("user", "create", "carol").err()).contains("a password is required");
        assertThat(db.tinode("user", "show", "alice").out()).contains(alice.userId() + " login=alice state=ok basic-level=root");

        AdminDb.Run reset = db.tinode("user", "reset-password", "alice", "alice-new-pass");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).isEqualTo(alice.userId() + " has a new basic password\n");
        assertThat(db.tinode("user", "reset-password", "alice", "x").err()).contains("violates the basic policy");

        String group = "grpAAAAAAAAAAA";
        JdbcStore store = db.store();
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
                TestClient c = new TestClient(local)) {
            c.hi();
            assertThat(c.loginBasic("alice", "alice-pass").get("code").getAsInt()).isEqualTo(401);
            JsonObject ok = c.loginBasic("alice", "alice-new-pass");
            assertThat(ok.get("code").getAsInt()).isEqualTo(200);
            assertThat(level(ok)).isEqualTo("root");
            assertThat(store.getUser(alice).orElseThrow().publicJson()).contains("Alice Smith");
            assertThat(store.getUser(alice).orElseThrow().tags()).contains("basic:alice", "email:alice@example.org");
            assertThat(store.getUserByCredential("email", "alice@example.org")).contains(alice);
            // A group Alice owns, with Bob in it: it goes with her account, as with {del user hard}.
            Instant now = Instant.now();
            store.createTopic(new TopicRecord(group, now, now, now, ObjectState.OK, null, false, alice,
                    new DefaultAccess(AccessMode.parse("JRWPS"), AccessMode.NONE), 0, 0, null, null, List.of(), null));
            store.upsertSubscription(new Subscription(group, alice, now, now, null, AccessMode.parse("JRWPASDO"),
                    AccessMode.parse("JRWPASDO"), null, 0, 0, 0));
            store.upsertSubscription(new Subscription(group, bobId, now, now, null, AccessMode.parse("JRWPS"),
                    AccessMode.parse("JRWPS"), null, 0, 0, 0));
        }

        AdminDb.Run deleted = db.tinode("user", "delete", "alice");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo(alice.userId() + " deleted\n");
        try (JdbcStore check = db.store()) {
            check.open();
            assertThat(check.getUser(alice)).isEmpty();
            assertThat(check.getAuthRecordByUnique("basic:alice")).isEmpty();
            assertThat(check.getTopic(group)).isEmpty();
            assertThat(check.getSubscription(group, bobId)).isEmpty();
            assertThat(check.getUser(bobId)).isPresent();
            assertThat(check.getAuthRecord(bobId, "basic").orElseThrow().level()).isEqualTo(AuthLevel.AUTH);
        }
        AdminDb.Run again = db.tinode("user", "delete", "alice");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("tinode user: no account 'alice'\n");
    }

    @Test
    void noSchema_isRefusedWithAHint(@TempDir Path data) {
        Run run = tinode("user", "show", "alice", "--data", data.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("has no tinodej schema").contains("init-db");
    }
}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tinode.jar user ...} against the launcher's default store, an H2 file in the data folder. */
class UserCommandTest {

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
}

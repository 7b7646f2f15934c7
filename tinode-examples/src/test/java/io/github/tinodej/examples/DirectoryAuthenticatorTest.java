package io.github.tinodej.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryAuthenticatorTest {
    /** The host's users: login to password and display name. */
    private static final Map<String, String[]> USERS = Map.of("alice", new String[] {"wonderland", "Alice Liddell"});

    private final MemoryStore store = new MemoryStore();
    private final LocalTransport local = new LocalTransport();
    private TinodeServer server;

    @BeforeEach
    void start() {
        DirectoryAuthenticator dir = new DirectoryAuthenticator("basic", (login, password) ->
                Optional.ofNullable(USERS.get(login)).filter(u -> u[0].equals(password)).map(u -> u[1]));
        server = TestServers.builder().store(store).transport(local).authenticator("basic", dir).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void firstLogin_createsTheAccount_laterLoginsFindIt() {
        String first;
        try (TestClient c = new TestClient(local)) {
            c.hi();
            JsonObject ctrl = c.loginBasic("Alice", "wonderland");
            assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
            first = c.userId();
        }
        Uid uid = Uid.parseUserId(first);
        assertThat(store.getUser(uid).orElseThrow().publicJson()).isEqualTo("{\"fn\":\"Alice Liddell\"}");
        assertThat(store.getUser(uid).orElseThrow().tags()).containsExactly("basic:alice");
        try (TestClient c = new TestClient(local)) {
            c.hi();
            c.loginBasic("alice", "wonderland");
            assertThat(c.userId()).isEqualTo(first);
        }
    }

    @Test
    void wrongPasswordOrUnknownUser_authFailed() {
        try (TestClient c = new TestClient(local)) {
            c.hi();
            assertThat(c.loginBasic("alice", "looking-glass").get("code").getAsInt()).isEqualTo(401);
            assertThat(c.loginBasic("bob", "whatever").get("code").getAsInt()).isEqualTo(401);
        }
    }

    @Test
    void signUp_refusedBecauseTheDirectoryOwnsTheAccounts() {
        try (TestClient c = new TestClient(local)) {
            c.hi();
            assertThat(c.createBasic("carol", "carol-secret").get("code").getAsInt()).isEqualTo(501);
        }
    }
}

package io.github.tinodej.engine;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.test.FakeClock;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base for in-process engine tests: a started server on an in-memory store with a fake clock driving every timer. */
abstract class EngineTest {
    protected final FakeClock clock = new FakeClock(Instant.parse("2026-01-02T03:04:05.678Z"));
    protected final MemoryStore store = new MemoryStore();
    protected LocalTransport local;
    protected TinodeServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() {
        local = new LocalTransport();
        server = customize(TestServers.builder().store(store).clock(clock).scheduler(clock).transport(local)).build().start();
    }

    /** Hook for tests needing other settings. */
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b;
    }

    @AfterEach
    void stopServer() {
        clients.forEach(TestClient::close);
        server.close();
    }

    protected TestClient client() {
        return client("");
    }

    /** A client claiming a client address, for the rate limits keyed on addresses. */
    protected TestClient client(String remoteAddress) {
        TestClient c = new TestClient(local, remoteAddress);
        clients.add(c);
        return c;
    }

    /** A client that said hi and created and logged into a basic account. */
    protected TestClient user(String login) {
        TestClient c = client();
        c.hi();
        c.createBasic(login, login + "-secret");
        return c;
    }

    /**
     * A new account made root in the store (as the launcher's {@code user root} command does), and
     * a fresh session logged into it at level root.
     */
    protected TestClient root(String login) {
        TestClient c = user(login);
        Uid uid = Uid.parseUserId(c.userId());
        AuthRecord rec = store.getAuthRecord(uid, "basic").orElseThrow();
        store.updateAuthRecord(new AuthRecord(rec.unique(), uid, rec.scheme(), AuthLevel.ROOT, rec.secret(), null));
        TestClient r = client();
        r.hi();
        JsonObject ok = r.loginBasic(login, login + "-secret");
        if (!"root".equals(ok.getAsJsonObject("params").get("authlvl").getAsString())) {
            throw new AssertionError("not logged in as root: " + ok);
        }
        return r;
    }

    /** The body of the next frame of this kind ({@code data}, {@code meta}, ...), skipping every other frame. */
    protected static JsonObject nextOf(TestClient c, String kind) {
        while (true) {
            JsonObject f = c.next();
            if (f.has(kind)) {
                return f.getAsJsonObject(kind);
            }
        }
    }
}

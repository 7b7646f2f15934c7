package io.github.tinodej.test;

import io.github.tinodej.server.RateLimits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.BasicAuthenticator;
import io.github.tinodej.client.Reply;
import io.github.tinodej.client.TinodeClient;
import io.github.tinodej.transport.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory server for one test (or one test class), with clients that need no socket. Its
 * defaults make tests fast and deterministic: password hashing at bcrypt's lowest cost, a fixed
 * token key, no rate limits, no lowered thread priority, and a {@link FakeClock} for the clock and
 * every timer. Anything else is set through {@link #start(Consumer)}.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     TestClient alice = server.newUser("alice");
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing it closes its clients and the server. Thread-safe.
 */
public final class TestServer implements AutoCloseable {
    /** The token key every test server uses, so tokens stay valid across servers in a test. */
    public static final byte[] TOKEN_KEY = "tinodej-test-kit-token-key-32-bytes!".getBytes(StandardCharsets.US_ASCII);
    /** The password {@link #newUser} gives an account: the login followed by this. */
    public static final String PASSWORD_SUFFIX = "-secret";

    private final TinodeServer server;
    private final LocalTransport local = new LocalTransport();
    private final FakeClock clock = new FakeClock();
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    private TestServer(Consumer<TinodeServer.Builder> customizer) {
        TinodeServer.Builder b = TinodeServer.builder()
                .authenticator(new BasicAuthenticator(1, 1, 4, true))
                .tokenKey(TOKEN_KEY)
                .rateLimits(RateLimits.NONE)
                .authThreadNice(0)
                .clock(clock)
                .scheduler(clock)
                .transport(local);
        customizer.accept(b);
        this.server = b.build().start();
    }

    /** A started server with the test defaults. */
    public static TestServer start() {
        return start(b -> { });
    }

    /**
     * A started server with the test defaults, then whatever {@code customizer} sets on the
     * builder (a store, limits, authenticators; replacing the clock or scheduler gives up the
     * fake time).
     */
    public static TestServer start(Consumer<TinodeServer.Builder> customizer) {
        return new TestServer(Objects.requireNonNull(customizer, "customizer"));
    }

    /** A connected client that has said {@code {hi}} and nothing else. */
    public TestClient client() {
        TestClient c = new TestClient(TinodeClient.connect(local));
        clients.add(c);
        Reply hi = c.client().hello().join();
        if (!hi.ok()) {
            throw new AssertionError("{hi} refused: " + hi);
        }
        return c;
    }

    /**
     * A client logged in as a new account with the login {@code login} (and the password
     * {@code login + "-secret"}), attached to its {@code me} topic as the apps do.
     */
    public TestClient newUser(String login) {
        TestClient c = client();
        Reply r = c.client().createBasicAccount(login, login + PASSWORD_SUFFIX).join();
        if (!r.ok()) {
            throw new AssertionError("account " + login + " refused: " + r);
        }
        c.subscribe("me");
        return c;
    }

    /**
     * A client logged in to an existing account (made by {@link #newUser}), attached to {@code me}:
     * the same user's second device.
     */
    public TestClient login(String login) {
        TestClient c = client();
        Reply r = c.client().loginBasic(login, login + PASSWORD_SUFFIX).join();
        if (!r.ok()) {
            throw new AssertionError("login " + login + " refused: " + r);
        }
        c.subscribe("me");
        return c;
    }

    /** The fake clock that drives the server's time and timers. */
    public FakeClock clock() {
        return clock;
    }

    /** Moves the server's time forward, firing the timers due on the way. */
    public void advance(Duration d) {
        clock.advance(d);
    }

    /** The server itself. */
    public TinodeServer server() {
        return server;
    }

    /** The in-process transport its clients use, for a {@link TinodeClient} of one's own. */
    public LocalTransport transport() {
        return local;
    }

    /** Closes every client and stops the server. */
    @Override
    public void close() {
        for (TestClient c : clients) {
            c.close();
        }
        server.stop(Duration.ofSeconds(5));
    }
}

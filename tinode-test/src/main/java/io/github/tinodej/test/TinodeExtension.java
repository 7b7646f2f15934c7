package io.github.tinodej.test;

import io.github.tinodej.TinodeServer;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test a fresh {@link TestServer} and closes it after, or one
 * server for a whole class.
 *
 * <pre>{@code
 * class ChatTest {
 *     @RegisterExtension
 *     final TinodeExtension tinode = new TinodeExtension();   // a server per test
 *
 *     @Test
 *     void bobGetsAlicesMessage() {
 *         TestClient alice = tinode.newUser("alice");
 *         TestClient bob = tinode.newUser("bob");
 *         alice.subscribe(bob.userId());
 *         alice.publish(bob.userId(), "hi");
 *         assertThat(bob.awaitData(alice.userId()).text()).isEqualTo("hi");
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #perClass()} in a {@code static} field shares one server among the class's tests.
 * With {@code @ExtendWith(TinodeExtension.class)} instead, tests take a {@link TestServer}
 * parameter (one per test).
 */
public final class TinodeExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final boolean perClass;
    private Consumer<TinodeServer.Builder> customizer = b -> { };
    private volatile TestServer server;

    /** A server per test. */
    public TinodeExtension() {
        this(false);
    }

    private TinodeExtension(boolean perClass) {
        this.perClass = perClass;
    }

    /** One server for all the tests of a class; register it in a {@code static} field. */
    public static TinodeExtension perClass() {
        return new TinodeExtension(true);
    }

    /** Settings applied to the builder after the test defaults (see {@link TestServer#start(Consumer)}). */
    public TinodeExtension customize(Consumer<TinodeServer.Builder> c) {
        this.customizer = Objects.requireNonNull(c, "customizer");
        return this;
    }

    /** The running server. */
    public TestServer server() {
        TestServer s = server;
        if (s == null) {
            throw new IllegalStateException("no server outside a test (a perClass() extension must be static)");
        }
        return s;
    }

    /** Same as {@code server().newUser(login)}. */
    public TestClient newUser(String login) {
        return server().newUser(login);
    }

    /** Same as {@code server().client()}. */
    public TestClient client() {
        return server().client();
    }

    /** Same as {@code server().clock()}. */
    public FakeClock clock() {
        return server().clock();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perClass) {
            server = TestServer.start(customizer);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            closeServer();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            server = TestServer.start(customizer);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            closeServer();
        }
    }

    private void closeServer() {
        TestServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == TestServer.class || t == FakeClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestServer.class ? server() : server().clock();
    }
}

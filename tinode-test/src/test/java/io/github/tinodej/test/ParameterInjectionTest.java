package io.github.tinodej.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TinodeExtension.class)
class ParameterInjectionTest {
    private static TestServer previous;

    @Test
    void first_getsAServer(TestServer server) {
        check(server);
    }

    @Test
    void second_getsAnotherOne(TestServer server, FakeClock clock) {
        check(server);
        assertThat(clock).isSameAs(server.clock());
    }

    private static void check(TestServer server) {
        assertThat(server.server().isRunning()).isTrue();
        assertThat(server).isNotSameAs(previous);
        if (previous != null) {
            assertThat(previous.server().isRunning()).isFalse();
        }
        previous = server;
        assertThat(server.newUser("gina").userId()).startsWith("usr");
    }
}

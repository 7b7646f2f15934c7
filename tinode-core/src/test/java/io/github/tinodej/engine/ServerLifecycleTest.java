package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.tinodej.server.Limits;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.Connection;
import io.github.tinodej.transport.LocalTransport;
import io.github.tinodej.transport.SessionHandle;
import io.github.tinodej.transport.SessionKind;
import io.github.tinodej.transport.Transport;
import io.github.tinodej.transport.TransportContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServerLifecycleTest {

    @Test
    void twoServersInOneJvm_independent() {
        LocalTransport t1 = new LocalTransport();
        LocalTransport t2 = new LocalTransport();
        try (TinodeServer s1 = TestServers.builder().transport(t1).build().start();
             TinodeServer s2 = TestServers.builder().transport(t2).build().start();
             TestClient a = new TestClient(t1);
             TestClient b = new TestClient(t2)) {
            a.hi();
            b.hi();
            assertThat(a.createBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(200);
            // The same login is free on the other server: nothing is shared.
            assertThat(b.createBasic("alice", "alice-secret").get("code").getAsInt()).isEqualTo(200);
        }
    }

    @Test
    void stop_sendsShutdownAndClosesSessions() {
        LocalTransport t = new LocalTransport();
        TinodeServer s = TestServers.builder().transport(t).build().start();
        TestClient c = new TestClient(t);
        c.hi();
        s.stop(Duration.ofSeconds(2));
        JsonObject ctrl = c.ctrl();
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(205);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("server shutdown");
        assertThat(c.isClosedByServer()).isTrue();
        assertThat(s.isRunning()).isFalse();
        s.stop(Duration.ZERO);
    }

    @Test
    void stats_countSessionsTopicsAndMessages() {
        LocalTransport t = new LocalTransport();
        try (TinodeServer s = TestServers.builder().transport(t).build().start()) {
            assertThat(s.stats().liveSessions()).isZero();
            TestClient c = new TestClient(t);
            c.hi();
            c.createBasic("alice", "alice-secret");
            c.request("sub", TestClient.json("{\"topic\":\"me\"}"));
            io.github.tinodej.transport.ServerStats st = s.stats();
            assertThat(st.liveSessions()).isEqualTo(1);
            assertThat(st.totalSessions()).isEqualTo(1);
            assertThat(st.liveTopics()).isEqualTo(1);
            assertThat(st.totalTopics()).isEqualTo(1);
            assertThat(st.incoming().get(SessionKind.LOCAL)).isEqualTo(3);
            assertThat(st.outgoing().get(SessionKind.LOCAL)).isGreaterThanOrEqualTo(3);
            c.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.stats().liveSessions() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(s.stats().liveSessions()).isZero();
            assertThat(s.stats().totalSessions()).isEqualTo(1);
        }
    }

    @Test
    void start_twice_rejected() {
        try (TinodeServer s = TestServers.builder().build().start()) {
            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void builder_validatesWithSettingName() {
        assertThatThrownBy(() -> TinodeServer.builder().tokenKey(new byte[3])).hasMessageContaining("tokenKey");
        assertThatThrownBy(() -> Limits.STOCK.withMaxMessageSize(0)).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> TinodeServer.builder().tokenLifetime(Duration.ZERO)).hasMessageContaining("tokenLifetime");
        assertThatThrownBy(() -> TinodeServer.builder().apiKeySalt(new byte[0])).hasMessageContaining("apiKeySalt");
    }

    @Test
    void failingTransport_startFailsAndServerStops() {
        Transport broken = new Transport() {
            @Override
            public void start(TransportContext context) throws java.io.IOException {
                throw new java.io.IOException("port in use");
            }

            @Override
            public void stop(Duration grace) {
            }
        };
        TinodeServer s = TestServers.builder().transport(broken).build();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("port in use");
        assertThat(s.isRunning()).isFalse();
    }

    /** A connection that never finishes writing: the engine must drop it, not buffer forever. */
    @Test
    void slowClient_overOutboundLimit_disconnected() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        TransportContext[] ctx = new TransportContext[1];
        Transport capture = new Transport() {
            @Override
            public void start(TransportContext context) {
                ctx[0] = context;
            }

            @Override
            public void stop(Duration grace) {
            }
        };
        try (TinodeServer s = TestServers.builder().transport(capture)
                .limits(Limits.STOCK.withSessionOutboundLimit(8)).build().start()) {
            SessionHandle[] h = new SessionHandle[1];
            h[0] = ctx[0].openSession(new Connection() {
                @Override
                public void send(String frame, Runnable done) {
                    sent.incrementAndGet();
                    // never calls done: the socket buffer is full
                }

                @Override
                public void close() {
                    closed.countDown();
                    h[0].onClose();
                }
            }, SessionKind.WEBSOCKET);
            for (int i = 0; i < 20; i++) {
                h[0].onFrame("1");
            }
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sent.get()).isEqualTo(8);
        }
    }
}

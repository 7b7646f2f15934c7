package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The database goes away under load and comes back: requests during the outage fail with 5xx
 * within a bounded time, the sessions survive, and service resumes without a restart.
 */
class DatabaseOutageTest {

    @Test
    void h2OverTcp_outageAnswers500ThenRecovers() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", h2.getPort())) {
            String url = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:outage" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            exercise(proxy, JdbcStore.builder().url(url).connectionTimeout(Duration.ofSeconds(1)).caching(false).build());
        } finally {
            h2.stop();
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
    void mariaDb_outageAnswers500ThenRecovers() throws Exception {
        URI u = URI.create(System.getenv("TINODEJ_TEST_MYSQL_URL").substring(5));
        try (CuttableProxy proxy = new CuttableProxy(u.getHost(), u.getPort())) {
            String url = "jdbc:mysql://127.0.0.1:" + proxy.port() + u.getPath() + "?" + u.getQuery()
                    + "&connectTimeout=1000&socketTimeout=3000";
            exercise(proxy, JdbcStore.builder().url(url).connectionTimeout(Duration.ofSeconds(1)).caching(false).build());
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
    void mariaDb_blackholedDatabaseFailsWithinSocketTimeoutThenRecovers() throws Exception {
        URI u = URI.create(System.getenv("TINODEJ_TEST_MYSQL_URL").substring(5));
        try (CuttableProxy proxy = new CuttableProxy(u.getHost(), u.getPort())) {
            // No socketTimeout in the URL: the store's own setting must bound the wait.
            String url = "jdbc:mysql://127.0.0.1:" + proxy.port() + u.getPath() + "?" + u.getQuery();
            blackhole(proxy, JdbcStore.builder().url(url).connectionTimeout(Duration.ofSeconds(1))
                    .socketTimeout(Duration.ofSeconds(2)).caching(false).build());
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_POSTGRES_URL", matches = "jdbc:.+")
    void postgres_blackholedDatabaseFailsWithinSocketTimeoutThenRecovers() throws Exception {
        URI u = URI.create(System.getenv("TINODEJ_TEST_POSTGRES_URL").substring(5));
        try (CuttableProxy proxy = new CuttableProxy(u.getHost(), u.getPort())) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath() + "?" + u.getQuery();
            blackhole(proxy, JdbcStore.builder().url(url).connectionTimeout(Duration.ofSeconds(1))
                    .socketTimeout(Duration.ofSeconds(2)).caching(false).build());
        }
    }

    /**
     * Packets vanish instead of connections resetting: only the socket timeout ends the wait, so
     * the request must fail 500 within about that long, not hang its topic for good.
     */
    private void blackhole(CuttableProxy proxy, JdbcStore store) throws Exception {
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
             TestClient c = new TestClient(local)) {
            c.hi();
            assertThat(c.createBasic("bh" + Long.toString(System.nanoTime(), 36), "blackhole-secret").get("code").getAsInt()).isEqualTo(200);
            c.send("{\"sub\":{\"id\":\"s\",\"topic\":\"new\"}}");
            String topic = c.ctrl().get("topic").getAsString();

            proxy.blackhole();
            long start = System.nanoTime();
            c.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"lost\"}}");
            JsonObject failed = c.ctrl();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("blackholed database: publish failed " + failed.get("code") + " after " + tookMs + " ms (socket timeout 2000 ms)");
            assertThat(failed.get("code").getAsInt()).isEqualTo(500);
            assertThat(failed.get("id").getAsString()).isEqualTo("p1");
            assertThat(tookMs).as("bounded by the socket timeout, not forever").isLessThan(8_000);

            proxy.restore();
            JsonObject ack = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                c.send("{\"pub\":{\"id\":\"p2\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"after\"}}");
                ack = c.ctrl();
                if (ack.get("code").getAsInt() == 202) {
                    break;
                }
            }
            assertThat(ack.get("code").getAsInt()).isEqualTo(202);
        }
    }

    private void exercise(CuttableProxy proxy, JdbcStore store) throws Exception {
        LocalTransport local = new LocalTransport();
        try (TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
             TestClient c = new TestClient(local)) {
            c.hi();
            assertThat(c.createBasic("out" + Long.toString(System.nanoTime(), 36), "outage-secret").get("code").getAsInt()).isEqualTo(200);
            c.send("{\"sub\":{\"id\":\"s\",\"topic\":\"new\"}}");
            String topic = c.ctrl().get("topic").getAsString();
            c.send("{\"pub\":{\"id\":\"p1\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"before\"}}");
            assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(202);

            proxy.cut();
            long start = System.nanoTime();
            c.send("{\"pub\":{\"id\":\"p2\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"during\"}}");
            JsonObject failed = c.ctrl();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(failed.get("code").getAsInt()).isEqualTo(500);
            assertThat(failed.get("text").getAsString()).isEqualTo("internal error");
            assertThat(failed.get("id").getAsString()).isEqualTo("p2");
            assertThat(tookMs).as("failure reported within a bounded time").isLessThan(15_000);
            c.send("{\"get\":{\"id\":\"g\",\"topic\":\"" + topic + "\",\"what\":\"data\"}}");
            assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(500);

            proxy.restore();
            // The same session, no restart: service resumes once the pool reconnects.
            JsonObject ack = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                c.send("{\"pub\":{\"id\":\"p3\",\"topic\":\"" + topic + "\",\"noecho\":true,\"content\":\"after\"}}");
                ack = c.ctrl();
                if (ack.get("code").getAsInt() == 202) {
                    break;
                }
            }
            assertThat(ack.get("code").getAsInt()).isEqualTo(202);
            // The failed publish consumed no seq: ids stay gap-free.
            assertThat(ack.getAsJsonObject("params").get("seq").getAsInt()).isEqualTo(2);
            c.send("{\"get\":{\"id\":\"h\",\"topic\":\"" + topic + "\",\"what\":\"data\"}}");
            assertThat(c.next("data").get("content").getAsString()).isEqualTo("after");
            assertThat(c.next("data").get("content").getAsString()).isEqualTo("before");
            assertThat(c.ctrl().get("code").getAsInt()).isEqualTo(208);
        }
    }
}

package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.server.RateLimits;
import io.github.tinodej.server.RateLimits.Rate;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RateLimits: requests over a limit get 429 and the session stays; a flood is closed; failed
 * logins and account creation are limited per client address (and login name), never locking out
 * other addresses; sessions per address are capped; a connection without {@code {hi}} is closed.
 * Buckets run on the test's clock, so refills are a clock move, not a wait.
 */
class RateLimitTest extends EngineTest {
    private static final Duration TEN_S = Duration.ofSeconds(10);

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.rateLimits(RateLimits.DEFAULTS
                .withPublish(Rate.of(3, TEN_S))
                .withNotes(Rate.of(3, TEN_S))
                .withQueries(Rate.of(20, TEN_S))
                .withSearch(Rate.of(2, Duration.ofMinutes(1)))
                .withStrikes(Rate.of(5, TEN_S))
                .withLoginFailuresPerAccount(Rate.of(3, Duration.ofMinutes(15)))
                .withLoginFailuresPerAddress(Rate.of(5, Duration.ofMinutes(15)))
                .withAccountsPerAddress(Rate.of(3, Duration.ofHours(1)))
                .withConnectionsPerAddress(4)
                .withSessionsPerUser(3)
                .withHelloTimeout(Duration.ofMillis(300)));
    }

    private TestClient userAt(String address, String login) {
        TestClient c = client(address);
        c.hi();
        assertThat(c.createBasic(login, login + "-secret").get("code").getAsInt()).isEqualTo(200);
        return c;
    }

    private static String pub(TestClient c, String topic, String id) {
        c.send("{\"pub\":{\"id\":\"" + id + "\",\"topic\":\"" + topic + "\",\"content\":\"x\"}}");
        return c.ctrlFor(id).get("code").getAsString();
    }

    @Test
    void publishOverTheLimit_429WithIdAndTopic_sessionKept_refilledWithTime() {
        TestClient a = user("alice");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"slf\"}"));
        for (int i = 0; i < 3; i++) {
            assertThat(pub(a, "slf", "p" + i)).isEqualTo("202");
        }
        a.send("{\"pub\":{\"id\":\"over\",\"topic\":\"slf\",\"content\":\"x\"}}");
        JsonObject refused = a.ctrlFor("over");
        assertThat(refused.toString()).contains("\"topic\":\"slf\"").contains("\"code\":429")
                .contains("\"text\":\"too many requests\"");
        clock.advance(TEN_S);
        assertThat(pub(a, "slf", "again")).isEqualTo("202");
        assertThat(a.isClosedByServer()).isFalse();
    }

    @Test
    void noteFlood_droppedSilentlyThenClosedWith429() {
        TestClient a = user("alice");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"slf\"}"));
        // 3 notes pass, the next 5 are strikes (dropped in silence), the one after is a flood.
        for (int i = 0; i < 8; i++) {
            a.send("{\"note\":{\"topic\":\"slf\",\"what\":\"kp\"}}");
        }
        a.expectNoMoreFrames();
        a.send("{\"note\":{\"topic\":\"slf\",\"what\":\"kp\"}}");
        JsonObject bye = a.ctrl();
        assertThat(bye.get("code").getAsInt()).isEqualTo(429);
        assertThat(bye.has("id")).isFalse();
        // Nothing is handled after that, and the server closes the connection.
        a.send("{\"get\":{\"id\":\"late\",\"topic\":\"me\",\"what\":\"desc\"}}");
        assertThat(closedSoon(a)).isTrue();
    }

    private static boolean closedSoon(TestClient c) {
        return c.awaitClosedByServer();
    }

    @Test
    void afterAFloodClose_theAddressIsRefusedForThePenalty() {
        TestClient flooder = userAt("203.0.113.20", "flooder");
        flooder.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"slf\"}"));
        for (int i = 0; i < 9; i++) {
            flooder.send("{\"note\":{\"topic\":\"slf\",\"what\":\"kp\"}}");
        }
        assertThat(flooder.awaitClosedByServer()).isTrue();
        TestClient again = client("203.0.113.20");
        assertThat(again.ctrl().get("code").getAsInt()).isEqualTo(429);
        assertThat(again.awaitClosedByServer()).isTrue();
        TestClient other = client("203.0.113.21");
        assertThat(other.hi().get("code").getAsInt()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(11));
        TestClient later = client("203.0.113.20");
        assertThat(later.hi().get("code").getAsInt()).isEqualTo(201);
    }

    @Test
    void searchOverTheLimit_429() {
        TestClient a = user("alice");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"fnd\"}"));
        a.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"fnd\",\"desc\":{\"public\":\"basic:bob\"}}"));
        for (int i = 0; i < 2; i++) {
            a.send("{\"get\":{\"id\":\"s" + i + "\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
            assertThat(a.ctrlFor("s" + i).get("code").getAsInt()).isEqualTo(204);
        }
        a.send("{\"get\":{\"id\":\"s9\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        assertThat(a.ctrlFor("s9").get("code").getAsInt()).isEqualTo(429);
    }

    private static int login(TestClient c, String login, String password) {
        return c.loginBasic(login, password).get("code").getAsInt();
    }

    @Test
    void loginFailures_limitedPerLoginAndAddress_otherAddressesStillLogIn() {
        userAt("10.0.0.9", "victim");
        TestClient attacker = client("203.0.113.7");
        attacker.hi();
        for (int i = 0; i < 3; i++) {
            assertThat(login(attacker, "victim", "guess" + i)).isEqualTo(401);
        }
        // Even the right password is not checked from this address now.
        assertThat(login(attacker, "victim", "victim-secret")).isEqualTo(429);
        // No lockout by strangers: the owner logs in from elsewhere.
        TestClient owner = client("198.51.100.1");
        owner.hi();
        assertThat(login(owner, "victim", "victim-secret")).isEqualTo(200);
        // After the window the attacker may try again.
        clock.advance(Duration.ofMinutes(16));
        assertThat(login(attacker, "victim", "guess-again")).isEqualTo(401);
    }

    @Test
    void loginFailures_limitedPerAddressAcrossLogins() {
        TestClient sprayer = client("203.0.113.8");
        sprayer.hi();
        for (int i = 0; i < 5; i++) {
            assertThat(login(sprayer, "user" + i, "password")).isEqualTo(401);
        }
        assertThat(login(sprayer, "user9", "password")).isEqualTo(429);
    }

    @Test
    void accountCreation_limitedPerAddress() {
        for (int i = 0; i < 3; i++) {
            userAt("203.0.113.9", "spam" + i);
        }
        TestClient more = client("203.0.113.9");
        more.hi();
        assertThat(more.createBasic("spam9", "spam9-secret").get("code").getAsInt()).isEqualTo(429);
        TestClient elsewhere = client("203.0.113.10");
        elsewhere.hi();
        assertThat(elsewhere.createBasic("fine1", "fine1-secret").get("code").getAsInt()).isEqualTo(200);
    }

    @Test
    void sessionsPerAddress_capped_andFreedWhenOneCloses() {
        TestClient[] four = new TestClient[4];
        for (int i = 0; i < 4; i++) {
            four[i] = client("203.0.113.11");
            four[i].hi();
        }
        TestClient fifth = client("203.0.113.11");
        JsonObject refused = fifth.ctrl();
        assertThat(refused.get("code").getAsInt()).isEqualTo(429);
        assertThat(closedSoon(fifth)).isTrue();
        four[0].close();
        // The closed session's place is free again (its cleanup runs on its actor).
        TestClient again = null;
        // Each attempt is a round trip; on a busy machine the cleanup can take more than 50 of them.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (again == null && System.nanoTime() < deadline) {
            TestClient c = client("203.0.113.11");
            c.send("{\"hi\":{\"id\":\"h\",\"ver\":\"0.25.3\"}}");
            JsonObject first = c.ctrl();
            if (first.get("code").getAsInt() == 201) {
                again = c;
            }
        }
        assertThat(again).isNotNull();
    }

    /** AB-03: one account cannot pile up sessions, whichever addresses they come from. */
    @Test
    void sessionsPerUser_capped_extraLoginRefusedAndSessionKept_freedWhenOneCloses() {
        TestClient first = userAt("203.0.113.21", "many");
        String token = first.token();
        TestClient[] more = new TestClient[2];
        for (int i = 0; i < 2; i++) {
            more[i] = client("203.0.113." + (30 + i));
            more[i].hi();
            assertThat(more[i].login("token", token).get("code").getAsInt()).isEqualTo(200);
        }
        TestClient fourth = client("203.0.113.40");
        fourth.hi();
        JsonObject refused = fourth.login("token", token);
        assertThat(refused.get("code").getAsInt()).isEqualTo(429);
        assertThat(refused.has("params")).isFalse();
        // Still connected, still anonymous: a topic request needs a login.
        fourth.send("{\"sub\":{\"id\":\"s\",\"topic\":\"me\"}}");
        assertThat(fourth.ctrl().get("code").getAsInt()).isEqualTo(401);
        // A password login counts the same.
        assertThat(fourth.loginBasic("many", "many-secret").get("code").getAsInt()).isEqualTo(429);

        more[0].close();
        // The closed session's place is free again once its cleanup ran on its actor.
        int code = 429;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (code == 429 && System.nanoTime() < deadline) {
            code = fourth.login("token", token).get("code").getAsInt();
        }
        assertThat(code).isEqualTo(200);
    }

    /** AB-07: however many accounts a query matches, a search returns at most Tinode's 1024. */
    @Test
    void searchMatchingMoreThanMaxResults_1024Returned() {
        java.time.Instant now = clock.instant();
        io.github.tinodej.model.DefaultAccess access = new io.github.tinodej.model.DefaultAccess(
                io.github.tinodej.model.AccessMode.parse("JRWPA"), io.github.tinodej.model.AccessMode.NONE);
        for (int i = 1; i <= 1100; i++) {
            // Straight into the store: 1100 sign-ups would cost 1100 password hashes.
            store.createUser(new io.github.tinodej.model.User(new io.github.tinodej.model.Uid(0x1000 + i), now, now,
                    io.github.tinodej.model.ObjectState.OK, null, access, "{\"fn\":\"u" + i + "\"}", null,
                    java.util.List.of("common"), null, null));
        }
        TestClient a = user("seeker");
        a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"fnd\"}"));
        a.request("set", TestClient.json("{\"id\":\"2\",\"topic\":\"fnd\",\"desc\":{\"public\":\"common\"}}"));
        a.send("{\"get\":{\"id\":\"3\",\"topic\":\"fnd\",\"what\":\"sub\"}}");
        assertThat(a.next("meta").getAsJsonArray("sub")).hasSize(1024);
    }

    /** AB-08: anonymous accounts count against the address's allowance like any other. */
    @Test
    void anonymousAccountCreation_limitedPerAddress() {
        for (int i = 0; i < 3; i++) {
            TestClient c = client("203.0.113.60");
            c.hi();
            assertThat(c.request("acc", TestClient.json("{\"id\":\"a\",\"user\":\"new\",\"scheme\":\"anonymous\","
                    + "\"login\":true}")).get("code").getAsInt()).isEqualTo(200);
            c.close();
        }
        TestClient more = client("203.0.113.60");
        more.hi();
        assertThat(more.request("acc", TestClient.json("{\"id\":\"a\",\"user\":\"new\",\"scheme\":\"anonymous\"}"))
                .get("code").getAsInt()).isEqualTo(429);
    }

    /** AB-09: a read or recv note past the last message is dropped, as Tinode checks, and moves nothing. */
    @Test
    void readNoteBeyondLastSeq_droppedSilently_markerUnchanged() {
        TestClient a = user("alice");
        String grp = a.request("sub", TestClient.json("{\"id\":\"1\",\"topic\":\"new\"}")).get("topic").getAsString();
        a.send("{\"pub\":{\"id\":\"p\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"one\"}}");
        a.ctrlFor("p");
        a.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"read\",\"seq\":1000}}");
        a.send("{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"recv\",\"seq\":2}}");
        a.expectNoMoreFramesIgnoring("pres");
        var sub = store.getSubscription(grp, io.github.tinodej.model.Uid.parseUserId(a.userId())).orElseThrow();
        assertThat(sub.readSeq()).isEqualTo(1);
        assertThat(sub.recvSeq()).isEqualTo(1);
    }

    @Test
    void noHiInTime_closed() {
        TestClient idle = client("203.0.113.12");
        clock.awaitTimer(Duration.ofMillis(300), TEN_S);
        clock.advance(Duration.ofMillis(299));
        assertThat(idle.isClosedByServer()).isFalse();
        clock.advance(Duration.ofMillis(1));
        JsonObject bye = idle.ctrl();
        assertThat(bye.get("code").getAsInt()).isEqualTo(409);
        assertThat(closedSoon(idle)).isTrue();
    }
}

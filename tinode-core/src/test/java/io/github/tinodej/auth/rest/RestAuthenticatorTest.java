package io.github.tinodej.auth.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.test.FakeClock;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rest scheme against a stub service: Tinode's request and response JSON, and the codes Go answers. */
class RestAuthenticatorTest {
    private final MemoryStore store = new MemoryStore();
    private final List<TestClient> clients = new ArrayList<>();
    private RestAuthStub stub;
    private LocalTransport local;
    private TinodeServer server;

    @BeforeEach
    void startStub() throws Exception {
        stub = new RestAuthStub();
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
        stub.close();
    }

    private void start(UnaryOperator<RestAuthenticator.Builder> rest) {
        local = new LocalTransport();
        RestAuthenticator auth = rest.apply(RestAuthenticator.builder(stub.url())
                // Generous: a busy machine (CI, parallel builds) answered the stub in over 500 ms.
                .requestTimeout(Duration.ofSeconds(5))).build();
        server = TestServers.builder().store(store).transport(local).authenticator(auth).build().start();
    }

    private TestClient client() {
        TestClient c = new TestClient(local);
        clients.add(c);
        c.hi();
        return c;
    }

    /** A local account to log into, made through basic. */
    private Uid localUser(String login) {
        TestClient c = client();
        c.createBasic(login, login + "-secret");
        return Uid.parseUserId(c.userId());
    }

    @Test
    void login_knownUser_okAndTinodeRequest() {
        start(b -> b);
        Uid alice = localUser("alice");
        stub.on("auth", "{\"rec\": {\"uid\": \"" + alice.encoded() + "\", \"authlvl\": \"auth\", \"features\": \"V\"}}");
        JsonObject ctrl = client().login("rest", TestClient.b64("alice:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(ctrl.getAsJsonObject("params").get("user").getAsString()).isEqualTo(alice.userId());
        assertThat(ctrl.getAsJsonObject("params").get("authlvl").getAsString()).isEqualTo("auth");
        JsonObject req = stub.requests("auth").get(0);
        assertThat(req.get("secret").getAsString()).isEqualTo(TestClient.b64("alice:pw"));
        assertThat(req.get("name").getAsString()).isEqualTo("rest");
        assertThat(req.has("rec")).isFalse();
        // One URL for every endpoint unless use_separate_endpoints.
        assertThat(stub.paths()).containsOnly("/auth/");
    }

    @Test
    void login_serviceSendsChallenge_300WithTheBytesAndNoLogin() {
        start(b -> b);
        Uid alice = localUser("alice");
        stub.on("auth", "{\"rec\": {\"uid\": \"" + alice.encoded() + "\"}, \"byteval\": \"9X6m3tWeBEMlDxlc\"}");
        TestClient c = client();
        JsonObject ctrl = c.login("rest", TestClient.b64("alice:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(300);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("challenge");
        assertThat(ctrl.getAsJsonObject("params").get("challenge").getAsString()).isEqualTo("9X6m3tWeBEMlDxlc");
        assertThat(c.request("sub", TestClient.json("{\"id\": \"s1\", \"topic\": \"me\"}")).get("code").getAsInt())
                .isEqualTo(401);
    }

    @Test
    void login_wrongSecret_authFailed() {
        start(b -> b);
        stub.on("auth", "{\"err\": \"failed\"}");
        JsonObject ctrl = client().login("rest", TestClient.b64("alice:wrong"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(401);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("authentication failed");
    }

    @Test
    void login_unknownUser_notFound() {
        start(b -> b);
        stub.on("auth", "{\"err\": \"not found\"}");
        JsonObject ctrl = client().login("rest", TestClient.b64("nobody:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(404);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("not found");
    }

    @Test
    void login_serviceTooSlow_internalErrorAfterTheTimeout() {
        start(b -> b.requestTimeout(Duration.ofMillis(500)));
        stub.hang("auth");
        long t0 = System.nanoTime();
        JsonObject ctrl = client().login("rest", TestClient.b64("alice:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(500);
        assertThat(ctrl.get("text").getAsString()).isEqualTo("internal error");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void login_serviceAnswersGarbageOrHttpError_internalError() {
        start(b -> b);
        stub.on("auth", "not json");
        assertThat(client().login("rest", TestClient.b64("a:b")).get("code").getAsInt()).isEqualTo(500);
        stub.on("auth", "{\"err\": \"something else\"}");
        assertThat(client().login("rest", TestClient.b64("a:b")).get("code").getAsInt()).isEqualTo(500);
    }

    @Test
    void login_newUserWithNewacc_accountCreatedAndLinked() {
        start(b -> b.allowNewAccounts(true).useSeparateEndpoints(true));
        List<String> linked = new ArrayList<>();
        stub.on("auth", req -> linked.isEmpty()
                ? "{\"rec\": {\"authlvl\": \"auth\", \"lifetime\": \"5000s\", \"tags\": [\"email:dave@example.com\"]},"
                        + " \"newacc\": {\"auth\": \"JRWPS\", \"anon\": \"N\", \"public\": {\"fn\": \"Dave\"},"
                        + " \"private\": {\"comment\": \"hi\"}}}"
                : "{\"rec\": {\"uid\": \"" + linked.get(0) + "\", \"authlvl\": \"auth\"}}");
        stub.on("link", req -> {
            linked.add(req.getAsJsonObject("rec").get("uid").getAsString());
            return "{}";
        });
        TestClient c = client();
        JsonObject ctrl = c.login("rest", TestClient.b64("dave:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(200);
        assertThat(linked).hasSize(1);
        Uid dave = Uid.decode(linked.get(0));
        assertThat(ctrl.getAsJsonObject("params").get("user").getAsString()).isEqualTo(dave.userId());
        User u = store.getUser(dave).orElseThrow();
        assertThat(u.publicJson()).isEqualTo("{\"fn\":\"Dave\"}");
        assertThat(u.tags()).containsExactly("email:dave@example.com");
        assertThat(u.access().auth().toString()).isEqualTo("JRWPS");
        assertThat(store.getSubscription(dave.userId(), dave)).hasValueSatisfying(
                s -> assertThat(s.privateJson()).isEqualTo("{\"comment\":\"hi\"}"));
        // Linked with the secret and the new uid, at its own endpoint.
        JsonObject link = stub.requests("link").get(0);
        assertThat(link.get("secret").getAsString()).isEqualTo(TestClient.b64("dave:pw"));
        assertThat(stub.paths()).contains("/auth/auth", "/auth/link");
        // The second login finds the linked account: no second one.
        assertThat(client().login("rest", TestClient.b64("dave:pw")).getAsJsonObject("params").get("user")
                .getAsString()).isEqualTo(dave.userId());
        assertThat(linked).hasSize(1);
    }

    @Test
    void login_newUserButLinkFails_accountRemoved() {
        start(b -> b.allowNewAccounts(true));
        stub.on("auth", "{\"rec\": {\"authlvl\": \"auth\"}, \"newacc\": {\"public\": {\"fn\": \"Eve\"}}}");
        stub.on("link", "{\"err\": \"duplicate value\"}");
        JsonObject ctrl = client().login("rest", TestClient.b64("eve:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(409);
        Uid eve = Uid.decode(stub.requests("link").get(0).getAsJsonObject("rec").get("uid").getAsString());
        assertThat(eve.isValid()).isTrue();
        assertThat(store.getUser(eve)).isEmpty();
    }

    @Test
    void login_newUserWithoutNewacc_notFound() {
        start(b -> b.allowNewAccounts(true));
        stub.on("auth", "{\"rec\": {\"authlvl\": \"auth\"}}");
        assertThat(client().login("rest", TestClient.b64("x:y")).get("code").getAsInt()).isEqualTo(404);
        assertThat(stub.requests("link")).isEmpty();
    }

    @Test
    void acc_checkuniqueThenAdd_createdWithTheServiceTags() {
        start(b -> b);
        stub.on("checkunique", req -> req.get("secret").getAsString().equals(TestClient.b64("taken:pw"))
                ? "{\"boolval\": false}" : "{\"boolval\": true}");
        stub.on("add", req -> "{\"rec\": {\"uid\": \"" + req.getAsJsonObject("rec").get("uid").getAsString()
                + "\", \"authlvl\": \"auth\", \"tags\": [\"rest:bob\"]}}");
        TestClient c = client();
        JsonObject taken = c.request("acc", acc("taken:pw"));
        assertThat(taken.get("code").getAsInt()).isEqualTo(409);
        assertThat(taken.getAsJsonObject("params").get("what").getAsString()).isEqualTo("auth");
        assertThat(stub.requests("add")).isEmpty();

        JsonObject ok = c.request("acc", acc("bob:pw"));
        assertThat(ok.get("code").getAsInt()).isEqualTo(201);
        Uid bob = Uid.parseUserId(ok.getAsJsonObject("params").get("user").getAsString());
        assertThat(store.getUser(bob).orElseThrow().tags()).contains("rest:bob");
        assertThat(stub.requests("add").get(0).getAsJsonObject("rec").get("uid").getAsString()).isEqualTo(bob.encoded());
    }

    @Test
    void acc_checkuniqueUnsupported_notImplementedWhatAuth() {
        start(b -> b);
        JsonObject ctrl = client().request("acc", acc("bob:pw"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(501);
        assertThat(ctrl.getAsJsonObject("params").get("what").getAsString()).isEqualTo("auth");
    }

    @Test
    void rtagns_askedOnFirstUseOnlyThenEnforced() {
        start(b -> b);
        Uid alice = localUser("alice");
        assertThat(stub.requests("rtagns")).isEmpty();
        stub.on("rtagns", "{\"strarr\": [\"rest\", \"email\"]}");
        stub.on("auth", "{\"rec\": {\"uid\": \"" + alice.encoded() + "\"}}");
        TestClient c = client();
        assertThat(c.login("rest", TestClient.b64("alice:pw")).get("code").getAsInt()).isEqualTo(200);
        c.request("sub", TestClient.json("{\"id\": \"s1\", \"topic\": \"me\"}"));
        JsonObject set = TestClient.json("{\"id\": \"t1\", \"topic\": \"me\", \"tags\": [\"basic:alice\", \"email:mallory@example.com\"]}");
        assertThat(c.request("set", set).get("code").getAsInt()).isEqualTo(403);
        JsonObject fine = TestClient.json("{\"id\": \"t2\", \"topic\": \"me\", \"tags\": [\"basic:alice\", \"hobby:chess\"]}");
        assertThat(c.request("set", fine).get("code").getAsInt()).isEqualTo(200);
        assertThat(stub.requests("rtagns")).hasSize(1);
    }

    @Test
    void rtagns_serviceDown_refusedAtOnceForTenSecondsThenAskedAgain() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        RestAuthenticator rest = RestAuthenticator.builder(stub.url()).build();
        rest.init(new AuthEnvironment(store, clock));
        stub.on("rtagns", "{\"err\": \"internal\"}");
        assertThatThrownBy(rest::restrictedTagNamespaces)
                .isInstanceOf(StoreException.class);
        stub.on("rtagns", "{\"strarr\": [\"rest\"]}");
        assertThatThrownBy(rest::restrictedTagNamespaces)
                .hasMessageContaining("unavailable");
        assertThat(stub.requests("rtagns")).hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(rest.restrictedTagNamespaces()).containsExactly("rest");
        assertThat(rest.restrictedTagNamespaces()).containsExactly("rest");
        assertThat(stub.requests("rtagns")).hasSize(2);
    }

    @Test
    void logicalName_basicServedByRest_restNameGone() {
        local = new LocalTransport();
        RestAuthenticator rest = RestAuthenticator.builder(stub.url()).name("basic").build();
        server = TestServers.builder().store(store).transport(local).authenticator("basic", rest)
                .withoutAuthenticator("rest").build().start();
        stub.on("auth", "{\"err\": \"failed\"}");
        assertThat(client().login("basic", TestClient.b64("carol:pw")).get("code").getAsInt()).isEqualTo(401);
        assertThat(stub.requests("auth").get(0).get("name").getAsString()).isEqualTo("basic");
        JsonObject unknown = client().login("rest", TestClient.b64("carol:pw"));
        assertThat(unknown.get("text").getAsString()).isEqualTo("unknown authentication scheme");
    }

    @Test
    void deleteAccount_serviceRefusesDel_operationNotAllowed() {
        start(b -> b);
        Uid alice = localUser("alice");
        stub.on("auth", "{\"rec\": {\"uid\": \"" + alice.encoded() + "\"}}");
        stub.on("del", "{\"err\": \"unsupported\"}");
        TestClient c = client();
        c.login("rest", TestClient.b64("alice:pw"));
        JsonObject ctrl = c.request("del", TestClient.json("{\"id\": \"d1\", \"what\": \"user\"}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(405);
        assertThat(store.getUser(alice)).isPresent();
        assertThat(stub.requests("del").get(0).getAsJsonObject("rec").get("uid").getAsString()).isEqualTo(alice.encoded());
    }

    private static JsonObject acc(String secret) {
        JsonObject a = new JsonObject();
        a.addProperty("id", "a" + secret.hashCode());
        a.addProperty("user", "new");
        a.addProperty("scheme", "rest");
        a.addProperty("secret", TestClient.b64(secret));
        a.add("tags", new JsonArray());
        return a;
    }
}

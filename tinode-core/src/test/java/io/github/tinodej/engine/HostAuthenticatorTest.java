package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host plugs its own sign-on: tickets from its SSO map to accounts through the Authenticator SPI. */
class HostAuthenticatorTest extends EngineTest {

    /** The host's single sign-on: ticket -> employee id; accounts are linked by employee id. */
    static final class SsoAuthenticator implements Authenticator {
        private final Map<String, String> tickets = Map.of("ticket-ann", "emp-1", "ticket-ben", "emp-2");
        private Store store;

        @Override
        public String scheme() {
            return "sso";
        }

        @Override
        public void init(AuthEnvironment env) {
            store = env.store();
        }

        private String employee(byte[] secret) {
            String emp = tickets.get(new String(secret, StandardCharsets.UTF_8));
            if (emp == null) {
                throw new StoreException(StoreException.Kind.AUTH_FAILED, "unknown ticket");
            }
            return emp;
        }

        @Override
        public AuthResult authenticate(byte[] secret, String remoteAddr) {
            AuthRecord r = store.getAuthRecordByUnique("sso:" + employee(secret))
                    .orElseThrow(() -> new StoreException(StoreException.Kind.AUTH_FAILED, "no account"));
            return new AuthResult(r.uid(), r.level(), null, 0, null);
        }

        @Override
        public boolean isUnique(byte[] secret, String remoteAddr) {
            return store.getAuthRecordByUnique("sso:" + employee(secret)).isEmpty();
        }

        @Override
        public AuthResult addRecord(Uid uid, AuthLevel level, byte[] secret, String remoteAddr) {
            String emp = employee(secret);
            store.addAuthRecord(new AuthRecord("sso:" + emp, uid, "sso", AuthLevel.AUTH, null, null));
            return new AuthResult(uid, AuthLevel.AUTH, null, 0, "sso:" + emp);
        }

        @Override
        public java.util.List<String> restrictedTagNamespaces() {
            return java.util.List.of("sso");
        }
    }

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return b.authenticator(new SsoAuthenticator());
    }

    @Test
    void hostScheme_createsAccountAndLogsIn() {
        TestClient c = client();
        c.hi();
        JsonObject created = c.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"sso\",\"secret\":\""
                + TestClient.b64("ticket-ann") + "\",\"login\":true}"));
        assertThat(created.get("code").getAsInt()).isEqualTo(200);
        String uid = created.getAsJsonObject("params").get("user").getAsString();

        TestClient d = client();
        d.hi();
        JsonObject login = d.login("sso", TestClient.b64("ticket-ann"));
        assertThat(login.get("code").getAsInt()).isEqualTo(200);
        assertThat(login.getAsJsonObject("params").get("user").getAsString()).isEqualTo(uid);
        assertThat(d.login("sso", TestClient.b64("forged")).get("code").getAsInt()).isEqualTo(409);

        TestClient e = client();
        e.hi();
        assertThat(e.login("sso", TestClient.b64("forged")).get("code").getAsInt()).isEqualTo(401);
        // A second account for the same employee is refused as a duplicate.
        JsonObject dup = e.request("acc", TestClient.json("{\"id\":\"2\",\"user\":\"new\",\"scheme\":\"sso\",\"secret\":\""
                + TestClient.b64("ticket-ann") + "\"}"));
        assertThat(dup.get("code").getAsInt()).isEqualTo(409);
        // The scheme's tag namespace is protected from clients.
        e.loginBasic("nobody", "x");
        JsonObject tagged = e.request("acc", TestClient.json("{\"id\":\"3\",\"user\":\"new\",\"scheme\":\"sso\",\"secret\":\""
                + TestClient.b64("ticket-ben") + "\",\"tags\":[\"sso:emp-1\"]}"));
        assertThat(tagged.get("code").getAsInt()).isEqualTo(403);
    }
}

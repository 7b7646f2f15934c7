package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.auth.ApiKeys;
import io.github.tinodej.testing.TestClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With every log level on, no password, token or API key reaches a log record. */
class SecretsNotLoggedTest extends EngineTest {
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private Level oldLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sb.append(' ').append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                sb.append(' ').append(w);
            }
            logged.add(sb.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        oldLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        Logger.getLogger("io.github.tinodej").setLevel(Level.ALL);
    }

    @AfterEach
    void restoreLogs() {
        root.removeHandler(capture);
        root.setLevel(oldLevel);
    }

    @Test
    void authFlows_neverLogSecrets() {
        // reliability.md AZ-12's canary.
        String password = "S3cr3t-canary";
        TestClient a = client();
        a.hi();
        a.createBasic("logsafe", password);
        String token = a.token();
        TestClient b = client();
        b.hi();
        b.loginBasic("logsafe", "Wr0ng-" + password);
        b.login("token", token.substring(0, 20) + "AAAA" + token.substring(24));
        b.login("basic", "***");
        b.login("token", token);
        b.send("{\"acc\":{\"id\":\"9\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64(":" + password + "2") + "\"}}");
        b.ctrl();
        // Frames the server cannot use, carrying the password in clear and encoded: nothing of them is logged.
        b.send("{\"login\":{\"id\":\"10\",\"scheme\":\"basic\",\"secret\":\"" + password + "\"}}");
        b.ctrl();
        b.send("{\"login\":{\"id\":\"11\",\"scheme\":\"basic\",\"secret\":\"" + TestClient.b64("logsafe:" + password)
                + "\",\"cred\":[{\"meth\":\"email\",\"resp\":\"" + password + "\"}]}}");
        b.ctrl();
        b.send("{\"login\":{\"secret\":\"" + password + "\"" + "[".repeat(300));
        b.ctrl();
        b.send("{\"hi\":{\"id\":\"" + password + "\",\"ua\":\"" + "x".repeat(140_000) + "\"}}");
        server.close();

        assertThat(logged).noneMatch(l -> l.contains(password))
                .noneMatch(l -> l.contains(TestClient.b64("logsafe:" + password)))
                .noneMatch(l -> l.contains(token))
                .noneMatch(l -> l.contains(ApiKeys.DEMO_KEY));
    }
}

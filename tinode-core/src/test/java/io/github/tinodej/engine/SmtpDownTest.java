package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import io.github.tinodej.validate.EmailValidator;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * reliability.md FT-08: with the SMTP server down, sign-up answers at once (mail goes out
 * asynchronously, as in Tinode, so the reply is the usual 300), and the failure is logged with the
 * address but never the code.
 */
class SmtpDownTest extends EngineTest {
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch logged = new CountDownLatch(1);
    private final Logger logger = Logger.getLogger("io.github.tinodej.validate.CodeValidator");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
                logged.countDown();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        logger.addHandler(capture);
        return b.validator(EmailValidator.builder().hostUrl("http://chat.example.com").smtp("127.0.0.1", closedPort)
                .sender("noreply@example.com").build(), Set.of(AuthLevel.AUTH), true);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    @Test
    void smtpRefusesConnections_signUpAnswersAtOnce_failureLoggedWithoutTheCode() throws InterruptedException {
        TestClient c = client();
        c.hi();
        long start = System.nanoTime();
        JsonObject ctrl = c.request("acc", TestClient.json("{\"id\":\"1\",\"user\":\"new\",\"scheme\":\"basic\",\"secret\":\""
                + TestClient.b64("alice:alice-secret") + "\",\"login\":true,\"cred\":[{\"meth\":\"email\","
                + "\"val\":\"alice@example.com\"}]}"));
        assertThat(ctrl.get("code").getAsInt()).isEqualTo(300);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        Uid uid = Uid.parseUserId(ctrl.getAsJsonObject("params").get("user").getAsString());
        String code = store.getActiveCredential(uid, "email").orElseThrow().response();
        assertThat(logged.await(20, TimeUnit.SECONDS)).as("the SMTP failure is logged").isTrue();
        assertThat(warnings).singleElement().asString().contains("alice@example.com").doesNotContain(code);
    }
}

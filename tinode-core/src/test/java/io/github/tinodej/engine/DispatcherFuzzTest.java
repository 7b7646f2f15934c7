package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fuzzes whole sessions of a real in-memory server (reliability.md IN-01 to IN-13): frames go in
 * through {@link io.github.tinodej.transport.LocalTransport}, in one of four session states. Every
 * frame back must be a ctrl/meta/data/pres/info message, no ctrl a 5xx but 501/503/505, the session
 * must still answer a probe {@code {hi}} afterwards (unless the frames legitimately ended it: the
 * account deleted), and nothing may throw on an engine thread.
 *
 * <p>Input: the first byte picks the state (modulo 4: fresh, after {@code {hi}}, logged in, logged
 * in and attached to a group); the rest, read as UTF-8, is up to eight frames split at newlines.
 * {@code $G}, {@code $M} and {@code $U} stand for the group, the session's own user id and another
 * user's, so seeds can name things that exist.
 */
class DispatcherFuzzTest {
    private static final int MAX_FRAMES = 8;
    private FuzzWorld world;

    @BeforeEach
    void start() {
        world = new FuzzWorld();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @FuzzTest(maxDuration = "15s")
    void frames(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int state = (data[0] & 0xFF) % 4;
        String[] frames = new String(data, 1, data.length - 1, StandardCharsets.UTF_8).split("\n", MAX_FRAMES);
        FuzzWorld.Session s = enter(state);
        for (String f : frames) {
            s.fuzz(world.expand(f));
        }
        s.send("{\"hi\":{\"id\":\"probe\",\"ver\":\"0.25.3\"}}");
        JsonObject probe = s.await("probe");
        if (probe == null) {
            // Only a deleted account ends a session on the server's side; then start over.
            assertThat(s.closedByServer()).as("no answer to the probe, session open; got %s", s.seen()).isTrue();
            assertThat(String.join("\n", frames)).contains("del");
            world.start();
        }
        world.assertHealthy();
    }

    /** A session in the given state; the world is rebuilt if earlier frames broke it (account or group gone). */
    private FuzzWorld.Session enter(int state) {
        for (int attempt = 0;; attempt++) {
            FuzzWorld.Session s = world.connect();
            if (state == 0 || ready(s, state)) {
                return s;
            }
            assertThat(attempt).as("cannot set up state %d on a fresh server: %s", state, s.seen()).isZero();
            world.start();
        }
    }

    private boolean ready(FuzzWorld.Session s, int state) {
        s.send("{\"hi\":{\"id\":\"h\",\"ver\":\"0.25.3\"}}");
        if (!ok(s.await("h"))) {
            return false;
        }
        if (state >= 2) {
            s.send("{\"login\":{\"id\":\"l\",\"scheme\":\"token\",\"secret\":\"" + world.token + "\"}}");
            if (!ok(s.await("l"))) {
                return false;
            }
        }
        if (state == 3) {
            s.send("{\"sub\":{\"id\":\"s\",\"topic\":\"" + world.group + "\"}}");
            return ok(s.await("s"));
        }
        return true;
    }

    private static boolean ok(JsonObject ctrl) {
        return ctrl != null && ctrl.get("code").getAsInt() < 300;
    }
}

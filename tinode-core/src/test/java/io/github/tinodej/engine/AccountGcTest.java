package io.github.tinodej.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.model.Uid;
import io.github.tinodej.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code acc_gc_config}: accounts never validated are hard-deleted after the minimum age. */
class AccountGcTest extends CredTest {

    @Override
    protected TinodeServer.Builder customize(TinodeServer.Builder b) {
        return super.customize(b).unvalidatedAccountGc(Duration.ofMinutes(1), 10, Duration.ofHours(30));
    }

    @Test
    void staleUnvalidatedAccount_deleted_validatedAndYoungKept() {
        validatedUser("alice", "alice@example.com");
        TestClient c = client();
        c.hi();
        signUp(c, "bobby", emailCred("bob@example.com", null), false);
        email.next();
        Uid alice = store.getAuthRecordByUnique("basic:alice").orElseThrow().uid();
        Uid bob = store.getAuthRecordByUnique("basic:bobby").orElseThrow().uid();

        clock.advance(Duration.ofHours(29));
        clock.awaitTimer(Duration.ofMinutes(1), Duration.ofSeconds(10));
        assertThat(store.getUser(bob)).isPresent();

        clock.advance(Duration.ofHours(1));
        awaitGone(bob);
        assertThat(store.getUser(alice)).isPresent();
        assertThat(store.getAuthRecordByUnique("basic:bobby")).isEmpty();
    }

    private void awaitGone(Uid uid) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.getUser(uid).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stale account was not collected");
            }
            clock.awaitTimer(Duration.ofMinutes(1), Duration.ofSeconds(10));
            clock.advance(Duration.ofMinutes(1));
        }
    }
}

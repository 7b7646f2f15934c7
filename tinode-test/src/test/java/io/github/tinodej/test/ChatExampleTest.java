package io.github.tinodej.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.client.DataEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's example: a server, two users chatting, a read receipt; about 20 lines. */
class ChatExampleTest {
    @RegisterExtension
    final TinodeExtension tinode = new TinodeExtension();

    @Test
    void bobReadsAlicesMessage_aliceGetsTheReceipt() {
        TestClient alice = tinode.newUser("alice");
        TestClient bob = tinode.newUser("bob");

        alice.subscribe(bob.userId());          // a p2p topic is named by the peer's user id
        bob.subscribe(alice.userId());
        int seq = alice.publish(bob.userId(), "hi Bob");

        DataEvent d = bob.awaitData(alice.userId());
        assertThat(d.text()).isEqualTo("hi Bob");
        assertThat(d.seq()).isEqualTo(seq);

        bob.noteRead(alice.userId(), seq);
        assertThat(alice.awaitInfo(bob.userId(), "read").seq()).isEqualTo(seq);
    }
}

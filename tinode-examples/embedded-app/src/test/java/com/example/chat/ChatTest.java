package com.example.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.test.TestClient;
import io.github.tinodej.test.TinodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChatTest {
    @RegisterExtension
    final TinodeExtension tinode = new TinodeExtension();

    @Test
    void bobReadsAlicesMessage_aliceGetsTheReceipt() {
        TestClient alice = tinode.newUser("alice");
        TestClient bob = tinode.newUser("bob");
        alice.subscribe(bob.userId());
        bob.subscribe(alice.userId());

        int seq = alice.publish(bob.userId(), "hi Bob");
        assertThat(bob.awaitData(alice.userId()).text()).isEqualTo("hi Bob");

        bob.noteRead(alice.userId(), seq);
        assertThat(alice.awaitInfo(bob.userId(), "read").seq()).isEqualTo(seq);
    }
}

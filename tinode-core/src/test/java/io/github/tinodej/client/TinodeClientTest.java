package io.github.tinodej.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TinodeClientTest {
    private final LocalTransport local = new LocalTransport();
    private TinodeServer server;

    @BeforeEach
    void start() {
        server = TestServers.builder().transport(local).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void twoUsersChat_messageAndReadReceiptArriveTyped() throws Exception {
        BlockingQueue<DataEvent> bobInbox = new LinkedBlockingQueue<>();
        BlockingQueue<InfoEvent> aliceReceipts = new LinkedBlockingQueue<>();
        try (TinodeClient alice = TinodeClient.connect(local).onInfo(aliceReceipts::add);
             TinodeClient bob = TinodeClient.connect(local).onData(bobInbox::add)) {
            alice.hello().join().orThrow();
            bob.hello().join().orThrow();
            String aliceId = alice.createBasicAccount("alice", "alice123").join().orThrow().param("user").orElseThrow();
            String bobId = bob.createBasicAccount("bobby", "bobby123").join().orThrow().param("user").orElseThrow();
            assertThat(alice.userId()).contains(aliceId);
            assertThat(bob.token()).isPresent();

            alice.subscribe(bobId).join().orThrow();
            bob.subscribe(aliceId).join().orThrow();
            Reply pub = alice.publish(bobId, "hi Bob").join().orThrow();

            DataEvent d = bobInbox.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(d.topic()).isEqualTo(aliceId);
            assertThat(d.from()).contains(aliceId);
            assertThat(d.seq()).isEqualTo(pub.seq());
            assertThat(d.text()).isEqualTo("hi Bob");

            bob.noteRead(aliceId, d.seq());
            InfoEvent read = aliceReceipts.poll(10, TimeUnit.SECONDS);
            assertThat(read).isNotNull();
            assertThat(read.what()).isEqualTo("read");
            assertThat(read.from()).isEqualTo(bobId);
            assertThat(read.topic()).isEqualTo(bobId);
            assertThat(read.seq()).isEqualTo(d.seq());
        }
    }

    @Test
    void refusedRequest_replyCarriesCodeAndOrThrowThrows() {
        try (TinodeClient c = TinodeClient.connect(local)) {
            c.hello().join();
            Reply r = c.subscribe("grpNoSuchTopic1").join();
            assertThat(r.code()).isEqualTo(401);
            assertThatThrownBy(r::orThrow).isInstanceOf(TinodeClientException.class).hasMessageContaining("401");
        }
    }

    @Test
    void drafty_textAndRawRequests() throws Exception {
        BlockingQueue<DataEvent> inbox = new LinkedBlockingQueue<>();
        try (TinodeClient c = TinodeClient.connect(local).onData(inbox::add)) {
            c.hello().join();
            c.createBasicAccount("carol", "carol123").join().orThrow();
            String grp = c.subscribe("new").join().orThrow().topic().orElseThrow();
            // With noecho the sender gets no copy; a raw pub asks for one.
            c.sendRaw("{\"pub\":{\"topic\":\"" + grp + "\",\"content\":{\"txt\":\"bold\",\"fmt\":[{\"tp\":\"ST\",\"len\":4}]}}}");
            DataEvent d = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(d.text()).isEqualTo("bold");
            assertThat(d.contentJson()).contains("\"fmt\"");
            Reply meta = c.request("get", "{\"topic\":\"" + grp + "\",\"what\":\"desc\"}").join();
            assertThat(meta.metaJson()).hasValueSatisfying(m -> assertThat(m).contains("\"desc\""));
        }
    }

    @Test
    void serverStops_pendingAndLaterRequestsFail() {
        TinodeClient c = TinodeClient.connect(local);
        c.hello().join();
        server.stop(Duration.ofSeconds(1));
        assertThat(c.closed()).succeedsWithin(Duration.ofSeconds(5));
        assertThatThrownBy(() -> c.subscribe("me").join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}

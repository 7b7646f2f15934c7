package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.testing.TestServers;
import io.github.tinodej.transport.LocalTransport;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * FT-02: MariaDB commits a batch of messages but the OK never reaches us (a proxy forwards the
 * COMMIT, then drops the connection instead of the answer). Those publishers get 500 although
 * their messages are stored; the topics must carry on from the stored seq: later publishes are
 * acknowledged, every publisher's seqs keep increasing, no seq is handed out twice, and nothing
 * acknowledged is missing. Before the topic re-read its counters after a failed write, every
 * later {@code {pub}} to such a topic got 409 for as long as its sessions stayed.
 */
class AmbiguousCommitTest {
    private static final int FAULTS = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @EnabledIfEnvironmentVariable(named = "TINODEJ_TEST_MYSQL_URL", matches = "jdbc:.+")
    void mariaDb_commitAnswerLostUnderLoad_topicsCarryOnWithoutDuplicateSeqs() throws Exception {
        URI u = URI.create(System.getenv("TINODEJ_TEST_MYSQL_URL").substring(5));
        try (CuttableProxy proxy = new CuttableProxy(u.getHost(), u.getPort())) {
            // Plain text on the wire, so the proxy can see the COMMIT.
            String url = "jdbc:mysql://127.0.0.1:" + proxy.port() + u.getPath() + "?" + u.getQuery()
                    + "&sslMode=DISABLED&connectTimeout=1000";
            JdbcStore store = JdbcStore.builder().url(url).poolSize(4).connectionTimeout(Duration.ofSeconds(1)).build();
            LocalTransport local = new LocalTransport();
            try (TinodeServer server = TestServers.builder().store(store).closeOnStop(store).transport(local).build().start();
                 PublishLoad load = PublishLoad.groupAndP2p(local)) {
                load.start();
                load.awaitAcks(20, WAIT);
                for (int fault = 1; fault <= FAULTS; fault++) {
                    int dropped = fault;
                    int mark = load.mark();
                    proxy.dropCommitReplies(1);
                    load.await("commit answer " + fault + " dropped", WAIT, r -> proxy.commitRepliesDropped() >= dropped
                            && r.subList(Math.min(mark, r.size()), r.size()).stream().anyMatch(x -> x.code() != 202));
                    // No wedge: every publisher, on both topics, is acknowledged again.
                    load.awaitEach("acks after lost commit answer " + fault, load.mark(), 3, code -> code == 202, WAIT);
                }
                load.stop();
                PublishLoad.Check check = load.check(load.readBack());
                System.out.println("FT-02 MariaDB ambiguous commit: " + proxy.commitRepliesDropped()
                        + " commit answers dropped; " + check.summary());

                assertThat(check.unanswered()).as("requests left unanswered").isZero();
                assertThat(check.lost()).as("acknowledged but missing or changed").isZero();
                assertThat(check.duplicateAcks()).as("one seq acknowledged twice").isZero();
                assertThat(check.seqsNotIncreasing()).as("a publisher's seqs going back").isZero();
                assertThat(check.gaps()).as("seq gaps").isZero();
                // The batch that lost its answer fails as a whole, with 500 (not 409: its messages
                // are not retried one by one into their own stored rows).
                assertThat(check.failCodes()).matches("\\{500=\\d+}");
                // Those messages did commit: at-least-once, the publisher may send them again.
                assertThat(check.failedButStored()).isEqualTo(check.failed());
            }
        }
    }
}

package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A group commit of several topics' messages whose COMMIT went through but whose connection died
 * before the answer. Each message shares the batch's outcome, a 500; retried one by one, each
 * would have hit its own stored row and been reported a duplicate (409), and during an outage
 * each retry would have waited its own connection timeout.
 */
class GroupCommitFailureTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");

    @Test
    void batchCommittedButConnectionLost_everyMessageFailsOnceAsInternal_noRetryOneByOne() throws Exception {
        CountDownLatch firstCommitEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger armed = new AtomicInteger();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(JdbcStore.h2Memory("groupcommit" + UUID.randomUUID()));
        // Connections whose commit can be held (to let a batch form behind it) or can commit and then
        // report the connection lost, as a dropped network link after COMMIT does.
        DataSource ds = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (p, m, args) -> {
                    Object r = invoke(h2, m, args);
                    if (!(r instanceof Connection real)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                            (cp, cm, cargs) -> {
                                if (!"commit".equals(cm.getName())) {
                                    return invoke(real, cm, cargs);
                                }
                                int n = commits.incrementAndGet();
                                if (armed.get() == 1 && n == 1) {
                                    firstCommitEntered.countDown();
                                    releaseFirst.await(30, TimeUnit.SECONDS);
                                }
                                invoke(real, cm, cargs);
                                if (armed.get() == 1 && n == 2) {
                                    throw new SQLException("Communications link failure", "08S01");
                                }
                                return null;
                            });
                });
        // No write-behind commits in between: the test counts commits.
        JdbcStore store = JdbcStore.builder().dataSource(ds).writeBehind(java.time.Duration.ofHours(1)).build();
        store.open();
        try {
            for (String t : List.of("grpA", "grpB", "grpC")) {
                store.createTopic(new TopicRecord(t, T0, T0, null, ObjectState.OK, null, false, new Uid(1),
                        new DefaultAccess(AccessMode.parse("JRWPS"), AccessMode.NONE), 0, 0, null, null, List.of(), null));
            }
            commits.set(0);
            armed.set(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> store.saveMessage(msg("grpA")));
            assertThat(firstCommitEntered.await(30, TimeUnit.SECONDS)).isTrue();
            // While the writer is inside A's commit, B and C queue up: they become one batch.
            CompletableFuture<Void> b = store.saveMessageAsync(msg("grpB"), List.of()).toCompletableFuture();
            CompletableFuture<Void> c = store.saveMessageAsync(msg("grpC"), List.of()).toCompletableFuture();
            releaseFirst.countDown();
            first.get(30, TimeUnit.SECONDS);
            outcome(b);
            outcome(c);

            assertThat(outcomes).containsExactly("INTERNAL", "INTERNAL");
            assertThat(commits).as("A's commit and the batch's; no commit per message after the failure").hasValue(2);
            // Both did commit: the publishers got a 500 for stored messages (at-least-once).
            assertThat(store.getMessages("grpB", new Uid(1), new MessageQuery(0, 0, List.of(), 10))).hasSize(1);
            assertThat(store.getMessages("grpC", new Uid(1), new MessageQuery(0, 0, List.of(), 10))).hasSize(1);
        } finally {
            releaseFirst.countDown();
            store.close();
        }
    }

    /** How each queued save ended: "saved" or the failure's kind. */
    private final java.util.Queue<String> outcomes = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private void outcome(CompletableFuture<Void> save) throws Exception {
        try {
            save.get(30, TimeUnit.SECONDS);
            outcomes.add("saved");
        } catch (java.util.concurrent.ExecutionException e) {
            outcomes.add(((StoreException) e.getCause()).kind().name());
        }
    }

    private static Message msg(String topic) {
        return new Message(topic, 1, T0, new Uid(1), null, "\"x\"", 0);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package io.github.tinodej.store;

import static io.github.tinodej.store.StoreFixtures.T0;
import static io.github.tinodej.store.StoreFixtures.group;
import static io.github.tinodej.store.StoreFixtures.msg;
import static io.github.tinodej.store.StoreFixtures.newGroupName;
import static io.github.tinodej.store.StoreFixtures.newUid;
import static io.github.tinodej.store.StoreFixtures.sub;
import static io.github.tinodej.store.StoreFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store contract for topics (their seq and delete id survive updates; soft and hard deletes)
 * and subscriptions (round trips, many created at once). Part of {@link StoreContract}.
 */
public interface TopicContract extends StoreUnderTest {
    @Test
    default void topic_createGetUpdate_keepsSeqAndDelId() {
        Store store = store();
        Uid owner = newUid();
        store.createUser(user(owner, List.of()));
        String g = newGroupName();
        TopicRecord t = group(g, owner, List.of("club"));
        store.createTopic(t);
        assertThat(store.getTopic(g)).contains(t);
        assertThatThrownBy(() -> store.createTopic(t)).isInstanceOf(StoreException.class);
        store.saveMessage(msg(g, 1, owner, "\"hi\""));
        TopicRecord changed = t.withDesc(t.access(), "{\"fn\":\"New\"}", "{\"v\":1}", T0.plusSeconds(50))
                .withAux("{\"pins\":[1]}", T0.plusSeconds(50));
        store.updateTopic(changed);
        TopicRecord got = store.getTopic(g).orElseThrow();
        assertThat(got.publicJson()).isEqualTo("{\"fn\":\"New\"}");
        assertThat(got.trustedJson()).isEqualTo("{\"v\":1}");
        assertThat(got.auxJson()).isEqualTo("{\"pins\":[1]}");
        assertThat(got.seqId()).isEqualTo(1);
        assertThat(got.touched()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.getTopics(List.of(g, newGroupName()))).hasSize(1);
    }

    @Test
    default void topic_softAndHardDelete() {
        Store store = store();
        Uid owner = newUid();
        store.createUser(user(owner, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, owner, List.of()));
        store.upsertSubscription(sub(g, owner, "JRWPASDO"));
        store.saveMessage(msg(g, 1, owner, "\"x\""));
        store.deleteTopic(g, false);
        assertThat(store.getTopic(g)).get().extracting(TopicRecord::state).isEqualTo(ObjectState.DELETED);
        store.deleteTopic(g, true);
        assertThat(store.getTopic(g)).isEmpty();
        assertThat(store.getTopicSubscriptions(g)).isEmpty();
        assertThat(store.getMessages(g, owner, new MessageQuery(0, 0, List.of(), 10))).isEmpty();
    }

    @Test
    default void subscription_concurrentNewSubscriptionsOfOneUser_allStored() throws Exception {
        Store store = store();
        // Two users joining many topics at once, as when p2p topics are opened in parallel: InnoDB
        // picks deadlock victims among such inserts, and the store must absorb that, not fail.
        Uid a = newUid();
        Uid b = newUid();
        store.createUser(user(a, List.of()));
        store.createUser(user(b, List.of()));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String g = newGroupName();
            store.createTopic(group(g, a, List.of()));
            names.add(g);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (String g : names) {
                jobs.add(pool.submit(() -> {
                    store.upsertSubscription(sub(g, a, "JRWPASDO"));
                    store.upsertSubscription(sub(g, b, "JRWP"));
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.getUserSubscriptions(a)).extracting(Subscription::topic).containsAll(names);
        assertThat(store.getUserSubscriptions(b)).extracting(Subscription::topic).containsAll(names);
    }

    @Test
    default void subscription_upsertGetList() {
        Store store = store();
        Uid uid = newUid();
        store.createUser(user(uid, List.of()));
        String g = newGroupName();
        store.createTopic(group(g, uid, List.of()));
        Subscription s = new Subscription(g, uid, T0, T0, null, AccessMode.parse("JRWPASDO"),
                AccessMode.parse("JRWPASDO"), "{\"note\":\"ü\"}", 3, 4, 1);
        store.upsertSubscription(s);
        store.upsertSubscription(sub(uid.userId(), uid, "JPS"));
        assertThat(store.getSubscription(g, uid)).contains(s);
        Subscription gone = s.withDeleted(T0.plusSeconds(5));
        store.upsertSubscription(gone);
        assertThat(store.getSubscription(g, uid)).contains(gone);
        assertThat(store.getUserSubscriptions(uid)).extracting(Subscription::topic)
                .containsExactlyInAnyOrder(g, uid.userId());
        assertThat(store.getTopicSubscriptions(g)).containsExactly(gone);
    }
}

package io.github.tinodej.internal.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-kept unread count behind the iOS badge. */
class UnreadCountsTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final Uid U = new Uid(7);
    private final MemoryStore store = new MemoryStore();

    private void topic(String name, int seq, int read, String want) {
        store.createTopic(new TopicRecord(name, T, T, T, ObjectState.OK, null, false, U,
                new DefaultAccess(AccessMode.NONE, AccessMode.NONE), seq, 0, null, null, List.of(), null));
        store.upsertSubscription(new Subscription(name, U, T, T, null, AccessMode.parse(want), AccessMode.parse("JRWP"),
                null, read, read, 0));
    }

    @Test
    void loadedFromTheStore_readableSubscriptionsOnly_thenKeptIdempotently() {
        topic("grpAAAAAAAAAAA", 10, 4, "JRWP");
        topic("grpBBBBBBBBBBB", 5, 5, "JRWP");
        topic("grpCCCCCCCCCCC", 9, 0, "JW");
        UnreadCounts u = new UnreadCounts(store, 10);
        assertThat(u.get(U)).isEqualTo(6);
        // A message the load already saw changes nothing; a new one adds one, once.
        assertThat(u.update(U, "grpAAAAAAAAAAA", 10, 4)).isEqualTo(6);
        assertThat(u.update(U, "grpBBBBBBBBBBB", 6, 5)).isEqualTo(7);
        assertThat(u.update(U, "grpBBBBBBBBBBB", 6, 5)).isEqualTo(7);
        // Reading lowers it; figures never go back.
        assertThat(u.update(U, "grpAAAAAAAAAAA", 10, 10)).isEqualTo(1);
        assertThat(u.update(U, "grpAAAAAAAAAAA", 9, 3)).isEqualTo(1);
        u.remove(U, "grpBBBBBBBBBBB");
        assertThat(u.get(U)).isZero();
    }

    @Test
    void leastRecentlyUsedEvicted_andLoadedAgain() {
        topic("grpAAAAAAAAAAA", 3, 0, "JRWP");
        UnreadCounts u = new UnreadCounts(store, 1);
        assertThat(u.get(U)).isEqualTo(3);
        assertThat(u.get(new Uid(8))).isZero();
        store.upsertSubscription(new Subscription("grpAAAAAAAAAAA", U, T, T, null, AccessMode.parse("JRWP"),
                AccessMode.parse("JRWP"), null, 2, 2, 0));
        assertThat(u.get(U)).isEqualTo(1);
    }
}

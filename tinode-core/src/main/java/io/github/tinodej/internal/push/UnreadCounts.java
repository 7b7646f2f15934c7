package io.github.tinodej.internal.push;

import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each user's unread message count, the iOS badge of a push (Tinode's users cache). Used only by
 * the push dispatcher's single thread.
 *
 * <p>Tinode loads the sum {@code topic.seq - sub.readSeq} over the user's readable subscriptions
 * once and then adds increments; an increment for an event the load already saw counts twice.
 * Here the cache keeps the pair (last seq, read seq) per topic and events set them to the topic's
 * own figures (never lowering them), so applying an event twice, or after a load that already
 * saw it, changes nothing. Users are evicted least recently used; an evicted user is loaded again.
 */
final class UnreadCounts {
    private final Store store;
    private final LinkedHashMap<Uid, Entry> cache;

    UnreadCounts(Store store, int capacity) {
        this.store = store;
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Uid, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the topic's figures for the user and answers the user's unread total. */
    int update(Uid uid, String topic, int lastSeq, int readSeq) {
        Entry e = entry(uid);
        e.set(topic, lastSeq, readSeq);
        return e.total;
    }

    /** The user's unread total. */
    int get(Uid uid) {
        return entry(uid).total;
    }

    /** The user left the topic (or lost read access): its messages no longer count. */
    void remove(Uid uid, String topic) {
        Entry e = cache.get(uid);
        if (e != null) {
            e.remove(topic);
        }
    }

    /** Drops a user's figures: they are loaded again when next needed. */
    void forget(Uid uid) {
        cache.remove(uid);
    }

    /** Drops the figures of every user {@code keep} rejects. */
    void retain(java.util.function.Predicate<Uid> keep) {
        cache.keySet().removeIf(keep.negate());
    }

    private Entry entry(Uid uid) {
        Entry e = cache.get(uid);
        if (e == null) {
            e = load(uid);
            cache.put(uid, e);
        }
        return e;
    }

    /** Tinode's {@code UserUnreadCount}: readable, not deleted subscriptions of live topics; channels excluded. */
    private Entry load(Uid uid) {
        Entry e = new Entry();
        List<Subscription> subs = new ArrayList<>();
        for (Subscription s : store.getUserSubscriptions(uid)) {
            if (s.deleted() == null && s.want().isReader() && s.given().isReader() && !s.topic().startsWith("chn")) {
                subs.add(s);
            }
        }
        Map<String, TopicRecord> topics = new HashMap<>();
        for (TopicRecord t : store.getTopics(subs.stream().map(Subscription::topic).toList())) {
            topics.put(t.name(), t);
        }
        for (Subscription s : subs) {
            TopicRecord t = topics.get(s.topic());
            if (t != null && t.state() != io.github.tinodej.model.ObjectState.DELETED) {
                e.set(s.topic(), t.seqId(), s.readSeq());
            }
        }
        return e;
    }

    /** One user's figures per topic and their running total. */
    private static final class Entry {
        final Map<String, int[]> perTopic = new HashMap<>();
        int total;

        void set(String topic, int last, int read) {
            int[] v = perTopic.computeIfAbsent(topic, k -> new int[2]);
            total -= unread(v);
            v[0] = Math.max(v[0], last);
            v[1] = Math.max(v[1], read);
            total += unread(v);
        }

        void remove(String topic) {
            int[] v = perTopic.remove(topic);
            if (v != null) {
                total -= unread(v);
            }
        }

        private static int unread(int[] v) {
            return Math.max(0, v[0] - v[1]);
        }
    }
}

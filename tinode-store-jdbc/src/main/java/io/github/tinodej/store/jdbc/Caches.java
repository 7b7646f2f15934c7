package io.github.tinodej.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.time.Duration;
import java.util.Optional;

/**
 * The rows read on nearly every request, kept in memory: users, topics, and auth records by
 * login (a login that has none is cached as empty). Reads fill them only when {@link #enabled};
 * writes invalidate them always, in a {@code finally}, because a write that failed may still
 * have committed. Several row classes invalidate entries they do not own (a message advances its
 * topic's seq, deleting a user drops its auth records), which is why they share one instance.
 */
final class Caches {
    /** Whether reads are served from and fill the caches ({@link JdbcStore.Builder#caching}). */
    final boolean enabled;
    final Cache<Uid, User> users;
    final Cache<String, TopicRecord> topics;
    final Cache<String, Optional<AuthRecord>> auth;
    /** Push devices per user: every push reads its recipients' devices. */
    final Cache<Uid, java.util.List<io.github.tinodej.model.Device>> devices;

    Caches(boolean enabled) {
        this.enabled = enabled;
        this.users = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
        this.topics = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
        this.auth = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
        this.devices = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
    }

    void invalidateAll() {
        users.invalidateAll();
        topics.invalidateAll();
        auth.invalidateAll();
        devices.invalidateAll();
    }
}

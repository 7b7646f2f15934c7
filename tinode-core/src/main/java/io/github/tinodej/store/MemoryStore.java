package io.github.tinodej.store;

import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference {@link Store}: everything in heap maps, lost when the JVM exits. Used by default,
 * by tests, and as the model every other store must match (the store contract suite runs against
 * it too).
 *
 * <p>Thread-safe: every method holds the instance lock; records are immutable so nothing leaks.
 */
public final class MemoryStore implements Store {
    private final Map<Uid, User> users = new HashMap<>();
    private final Map<String, AuthRecord> authByUnique = new HashMap<>();
    private final Map<String, Subscription> subs = new LinkedHashMap<>();
    private final Map<Uid, Map<String, Device>> devices = new HashMap<>();

    @Override
    public String adapterName() {
        return "memory";
    }

    @Override
    public synchronized void createUser(User user) {
        if (users.putIfAbsent(user.uid(), user) != null) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "user exists: " + user.uid());
        }
    }

    @Override
    public synchronized Optional<User> getUser(Uid uid) {
        return Optional.ofNullable(users.get(uid));
    }

    @Override
    public synchronized void updateUser(User user) {
        if (!users.containsKey(user.uid())) {
            throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + user.uid());
        }
        users.put(user.uid(), user);
    }

    @Override
    public synchronized void deleteUser(Uid uid, boolean hard) {
        User u = users.get(uid);
        if (u == null) {
            throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + uid);
        }
        if (hard) {
            users.remove(uid);
            subs.values().removeIf(s -> s.user().equals(uid));
        } else {
            users.put(uid, u.withState(ObjectState.DELETED, java.time.Instant.now()));
        }
        authByUnique.values().removeIf(r -> r.uid().equals(uid));
        devices.remove(uid);
    }

    @Override
    public synchronized void addAuthRecord(AuthRecord record) {
        if (authByUnique.containsKey(record.unique())) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "duplicate auth record");
        }
        authByUnique.put(record.unique(), record);
    }

    @Override
    public synchronized Optional<AuthRecord> getAuthRecordByUnique(String unique) {
        return Optional.ofNullable(authByUnique.get(unique));
    }

    @Override
    public synchronized Optional<AuthRecord> getAuthRecord(Uid uid, String scheme) {
        return authByUnique.values().stream()
                .filter(r -> r.uid().equals(uid) && r.scheme().equals(scheme))
                .findFirst();
    }

    @Override
    public synchronized void updateAuthRecord(AuthRecord record) {
        AuthRecord old = getAuthRecord(record.uid(), record.scheme())
                .orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no auth record"));
        if (!old.unique().equals(record.unique()) && authByUnique.containsKey(record.unique())) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "duplicate auth record");
        }
        authByUnique.remove(old.unique());
        authByUnique.put(record.unique(), record);
    }

    @Override
    public synchronized void deleteAuthRecords(Uid uid, String scheme) {
        authByUnique.values().removeIf(r -> r.uid().equals(uid) && (scheme == null || r.scheme().equals(scheme)));
    }

    @Override
    public synchronized void upsertSubscription(Subscription sub) {
        subs.put(key(sub.topic(), sub.user()), sub);
    }

    @Override
    public synchronized Optional<Subscription> getSubscription(String topic, Uid user) {
        return Optional.ofNullable(subs.get(key(topic, user)));
    }

    @Override
    public synchronized List<Subscription> getUserSubscriptions(Uid user) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : subs.values()) {
            if (s.user().equals(user)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public synchronized List<Subscription> getTopicSubscriptions(String topic) {
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : subs.values()) {
            if (s.topic().equals(topic)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public synchronized void upsertDevice(Uid uid, Device device) {
        devices.computeIfAbsent(uid, k -> new LinkedHashMap<>()).put(device.deviceId(), device);
    }

    @Override
    public synchronized void deleteDevice(Uid uid, String deviceId) {
        Map<String, Device> m = devices.get(uid);
        if (m != null) {
            m.remove(deviceId);
        }
    }

    @Override
    public synchronized List<Device> getDevices(Uid uid) {
        Map<String, Device> m = devices.get(uid);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    private static String key(String topic, Uid user) {
        return topic + '\u0000' + user.value();
    }
}

package io.github.tinodej.store;

import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.DelLogEntry;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
    private final Map<String, TopicRecord> topics = new HashMap<>();
    private final Map<String, TreeMap<Integer, Message>> messages = new HashMap<>();
    private final List<DelLogEntry> dellog = new ArrayList<>();
    /**
     * File references: topic (or {@code usr...} for a user's profile) to message seq to file ids;
     * seq 0 holds the references of the description itself.
     */
    private final Map<String, Map<Integer, Set<String>>> fileLinks = new HashMap<>();
    private final MemoryCredentials credentials = new MemoryCredentials(java.time.Clock.systemUTC());
    /** The persistent cache: key to value and when it was written. */
    private final Map<String, Map.Entry<String, java.time.Instant>> cache = new HashMap<>();

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
            fileLinks.remove(uid.userId());
        } else {
            users.put(uid, u.withState(ObjectState.DELETED, java.time.Instant.now()));
        }
        authByUnique.values().removeIf(r -> r.uid().equals(uid));
        devices.remove(uid);
        try {
            credentials.delete(uid, null, null);
        } catch (StoreException none) {
            // The user had no credentials.
        }
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
    public synchronized void createTopic(TopicRecord topic) {
        if (topics.putIfAbsent(topic.name(), topic) != null) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "topic exists: " + topic.name());
        }
    }

    @Override
    public synchronized Optional<TopicRecord> getTopic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    @Override
    public synchronized void updateTopic(TopicRecord t) {
        TopicRecord old = topics.get(t.name());
        if (old == null) {
            throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + t.name());
        }
        topics.put(t.name(), new TopicRecord(t.name(), t.created(), t.updated(), old.touched(), t.state(), t.stateAt(),
                t.channel(), t.owner(), t.access(), old.seqId(), old.delId(), t.publicJson(), t.trustedJson(), t.tags(),
                t.auxJson()));
    }

    @Override
    public synchronized void deleteTopic(String name, boolean hard) {
        TopicRecord t = topics.get(name);
        if (t == null) {
            throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + name);
        }
        if (hard) {
            topics.remove(name);
            subs.values().removeIf(s -> s.topic().equals(name));
            messages.remove(name);
            dellog.removeIf(d -> d.topic().equals(name));
            fileLinks.remove(name);
        } else {
            topics.put(name, t.withState(ObjectState.DELETED, Instant.now()));
        }
    }

    @Override
    public void saveMessage(Message msg) {
        saveMessage(msg, List.of());
    }

    @Override
    public synchronized void saveMessage(Message msg, Collection<String> fileIds) {
        TopicRecord t = topics.get(msg.topic());
        if (t == null) {
            throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + msg.topic());
        }
        TreeMap<Integer, Message> m = messages.computeIfAbsent(msg.topic(), k -> new TreeMap<>());
        if (m.containsKey(msg.seq())) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "seq taken: " + msg.seq());
        }
        m.put(msg.seq(), msg);
        topics.put(t.name(), t.withSeq(Math.max(t.seqId(), msg.seq()), msg.created()));
        Subscription s = subs.get(key(msg.topic(), msg.from()));
        if (s != null) {
            subs.put(key(msg.topic(), msg.from()), s.withSeqs(msg.seq(), msg.seq()));
        }
        if (!fileIds.isEmpty()) {
            fileLinks.computeIfAbsent(msg.topic(), k -> new HashMap<>()).put(msg.seq(), new LinkedHashSet<>(fileIds));
        }
    }

    @Override
    public synchronized List<Message> getMessages(String topic, Uid forUser, MessageQuery q) {
        TreeMap<Integer, Message> m = messages.get(topic);
        List<Message> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        for (Message msg : m.descendingMap().values()) {
            if (out.size() >= q.limit()) {
                break;
            }
            if (!q.selects(msg.seq()) || msg.delId() != 0 || softDeleted(topic, forUser, msg.seq())) {
                continue;
            }
            out.add(msg);
        }
        return out;
    }

    private boolean softDeleted(String topic, Uid user, int seq) {
        for (DelLogEntry d : dellog) {
            if (d.topic().equals(topic) && d.forUser().isValid() && d.forUser().equals(user) && d.range().contains(seq)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void deleteMessages(String topic, int delId, Uid forUser, List<SeqRange> ranges,
            Instant hardCutoff) {
        TopicRecord t = topics.get(topic);
        if (t == null) {
            throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + topic);
        }
        Uid who = forUser == null ? Uid.ZERO : forUser;
        for (SeqRange r : ranges) {
            dellog.add(new DelLogEntry(topic, delId, who, r));
        }
        if (!who.isValid()) {
            TreeMap<Integer, Message> m = messages.get(topic);
            if (m != null) {
                for (SeqRange r : ranges) {
                    for (Message msg : new ArrayList<>(m.subMap(r.low(), r.end()).values())) {
                        if (msg.delId() == 0 && (hardCutoff == null || !msg.created().isBefore(hardCutoff))) {
                            m.put(msg.seq(), new Message(topic, msg.seq(), msg.created(), msg.from(), null, null, delId));
                            Map<Integer, Set<String>> links = fileLinks.get(topic);
                            if (links != null) {
                                links.remove(msg.seq());
                            }
                        }
                    }
                }
            }
            topics.put(topic, t.withDelId(Math.max(t.delId(), delId)));
        } else {
            Subscription s = subs.get(key(topic, who));
            if (s != null) {
                subs.put(key(topic, who), new Subscription(s.topic(), s.user(), s.created(), s.updated(), s.deleted(),
                        s.want(), s.given(), s.privateJson(), s.readSeq(), s.recvSeq(), Math.max(s.delId(), delId)));
            }
        }
    }

    @Override
    public synchronized List<DelLogEntry> getDeletions(String topic, Uid forUser, int since, int before, int limit) {
        List<DelLogEntry> out = new ArrayList<>();
        for (DelLogEntry d : dellog) {
            if (!d.topic().equals(topic) || (d.forUser().isValid() && !d.forUser().equals(forUser))) {
                continue;
            }
            if ((since > 0 && d.delId() < since) || (before > 0 && d.delId() >= before)) {
                continue;
            }
            out.add(d);
        }
        out.sort(Comparator.comparingInt(DelLogEntry::delId).thenComparingInt(d -> d.range().low()));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    @Override
    public synchronized void linkFiles(String owner, Collection<String> fileIds) {
        Map<Integer, Set<String>> links = fileLinks.computeIfAbsent(owner, k -> new HashMap<>());
        if (fileIds.isEmpty()) {
            links.remove(0);
        } else {
            links.put(0, new LinkedHashSet<>(fileIds));
        }
    }

    @Override
    public synchronized Set<String> referencedFiles(Collection<String> fileIds) {
        Set<String> wanted = new HashSet<>(fileIds);
        Set<String> out = new HashSet<>();
        for (Map<Integer, Set<String>> byTopic : fileLinks.values()) {
            for (Set<String> ids : byTopic.values()) {
                for (String id : ids) {
                    if (wanted.contains(id)) {
                        out.add(id);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public synchronized List<TagMatch> findByTags(List<String> allOf, List<String> anyOf, boolean includeInactive,
            int limit) {
        List<TagMatch> out = new ArrayList<>();
        for (User u : users.values()) {
            if (includeInactive || u.state() == ObjectState.OK) {
                match(u.uid().userId(), u.tags(), allOf, anyOf, out);
            }
        }
        for (TopicRecord t : topics.values()) {
            if (t.name().startsWith("grp") && (includeInactive || t.state() == ObjectState.OK)) {
                match(t.name(), t.tags(), allOf, anyOf, out);
            }
        }
        out.sort(Comparator.comparingInt((TagMatch m) -> -m.matched().size()).thenComparing(TagMatch::name));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private static void match(String name, List<String> tags, List<String> allOf, List<String> anyOf,
            List<TagMatch> out) {
        if (allOf.isEmpty() && anyOf.isEmpty()) {
            return;
        }
        if (!tags.containsAll(allOf)) {
            return;
        }
        List<String> matched = new ArrayList<>(allOf);
        boolean anyHit = anyOf.isEmpty();
        for (String t : anyOf) {
            if (tags.contains(t) && !matched.contains(t)) {
                matched.add(t);
                anyHit = true;
            } else if (tags.contains(t)) {
                anyHit = true;
            }
        }
        if (anyHit) {
            out.add(new TagMatch(name, matched));
        }
    }

    @Override
    public synchronized Optional<String> findTagOwner(String tag) {
        for (User u : users.values()) {
            if (u.tags().contains(tag)) {
                return Optional.of(u.uid().userId());
            }
        }
        for (TopicRecord t : topics.values()) {
            if (t.tags().contains(tag)) {
                return Optional.of(t.name());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void upsertDevice(Uid uid, Device device) {
        // A token belongs to one account: the last to register it (Tinode's DeviceUpsert).
        devices.forEach((owner, m) -> {
            if (!owner.equals(uid)) {
                m.remove(device.deviceId());
            }
        });
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

    // ---- credentials and the persistent cache ----

    @Override
    public synchronized boolean upsertCredential(io.github.tinodej.model.Credential credential) {
        return credentials.upsert(credential);
    }

    @Override
    public synchronized Optional<io.github.tinodej.model.Credential> getActiveCredential(Uid user, String method) {
        return credentials.active(user, method);
    }

    @Override
    public synchronized List<io.github.tinodej.model.Credential> getCredentials(Uid user, String method, boolean validatedOnly) {
        return credentials.list(user, method, validatedOnly);
    }

    @Override
    public synchronized void deleteCredential(Uid user, String method, String value) {
        credentials.delete(user, method, value);
    }

    @Override
    public synchronized void confirmCredential(Uid user, String method) {
        credentials.confirm(user, method);
    }

    @Override
    public synchronized void failCredential(Uid user, String method) {
        credentials.fail(user, method);
    }

    @Override
    public synchronized Optional<Uid> getUserByCredential(String method, String value) {
        return credentials.owner(method, value);
    }

    @Override
    public synchronized List<Uid> getUnvalidatedUsers(java.time.Instant before, int limit) {
        return users.values().stream()
                .filter(u -> u.lastSeen() == null && u.updated().isBefore(before) && !credentials.hasValidated(u.uid()))
                .sorted(java.util.Comparator.comparing(User::updated)).limit(limit).map(User::uid).toList();
    }

    @Override
    public synchronized Optional<String> getCacheEntry(String key) {
        return Optional.ofNullable(cache.get(key)).map(Map.Entry::getKey);
    }

    @Override
    public synchronized void putCacheEntry(String key, String value, boolean failOnDuplicate) {
        if (failOnDuplicate && cache.containsKey(key)) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "cache key exists");
        }
        cache.put(key, Map.entry(value, java.time.Instant.now()));
    }

    @Override
    public synchronized void deleteCacheEntry(String key) {
        cache.remove(key);
    }

    @Override
    public synchronized void expireCacheEntries(String prefix, java.time.Instant before) {
        if (prefix == null || prefix.isEmpty()) {
            throw new StoreException(StoreException.Kind.MALFORMED, "empty cache key prefix");
        }
        cache.entrySet().removeIf(e -> e.getKey().startsWith(prefix) && e.getValue().getValue().isBefore(before));
    }
}

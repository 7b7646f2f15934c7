package io.github.tinodej.store.jdbc;

import io.github.tinodej.model.*; // the store reads and writes most of them
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link Store} on a relational database through jOOQ: H2 (file or memory), MySQL/MariaDB and
 * PostgreSQL. The schema is created and upgraded by Flyway on {@link #open()}.
 *
 * <pre>{@code
 * Store store = JdbcStore.builder().url(JdbcStore.h2File(Path.of("data"))).build();
 * Store shared = JdbcStore.builder().dataSource(hostPool).build();   // never closed by us
 * }</pre>
 *
 * <p>Threading: thread-safe; every method blocks on the database and is called from the engine's worker
 * pool. Failures are {@link StoreException}s ({@code DUPLICATE} for unique keys, {@code INTERNAL} for the
 * rest) and leave the store usable: once the database is back, the next call works. A pool this store
 * built is closed by {@link #close()}; a host's {@code DataSource} is used as given and never closed.
 *
 * <p>The facade: it owns the lifecycle (schema, {@link EmbeddedH2}, the pool) and hands each call to the
 * class for its tables ({@code UserRows}, {@code GroupCommit}, ...); {@link JdbcSchema}: the operator's view.
 */
public final class JdbcStore implements Store {
    final Database database; // package-private: JdbcSchema works on it too
    private final boolean ownsPool;
    private final EmbeddedH2 h2;
    private final Caches caches;
    private final UserRows users;
    private final AuthRows auth;
    private final DeviceRows devices;
    private final TopicRows topics;
    private final SubscriptionRows subscriptions;
    private final GroupCommit messages;
    private final MessageHistory history;
    private final MessageDeletions deletions;
    private final FileLinks files;
    private final TagIndex tags;
    private final CredentialRows credentials;
    private final CacheRows cache;

    private JdbcStore(DataSource ds, boolean ownsPool, Builder b) {
        this.database = new Database(ds);
        this.ownsPool = ownsPool;
        this.h2 = new EmbeddedH2(database, b.h2Checkpoint, b.h2Housekeeping);
        this.caches = new Caches(b.caching);
        WriteBehind behind = new WriteBehind(b.writeBehind);
        this.users = new UserRows(database, caches, behind);
        this.auth = new AuthRows(database, caches);
        this.devices = new DeviceRows(database, caches);
        this.topics = new TopicRows(database, caches, behind);
        this.subscriptions = new SubscriptionRows(database, behind);
        this.messages = new GroupCommit(database, caches, behind);
        this.history = new MessageHistory(database);
        this.deletions = new MessageDeletions(database, caches);
        this.files = new FileLinks(database);
        this.tags = new TagIndex(database);
        this.credentials = new CredentialRows(database);
        this.cache = new CacheRows(database);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JDBC URL of an H2 database file under {@code dir}; every commit is flushed before it returns
     * ({@code WRITE_DELAY=0}: acked messages survive {@code kill -9}). It closes with this store, not in
     * H2's shutdown hook ({@code DB_CLOSE_ON_EXIT=FALSE}), which raced a graceful stop's last writes.
     */
    public static String h2File(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("tinode").toString() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The JDBC URL of a private in-memory H2 database that lives as long as the store is open. */
    public static String h2Memory(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    public void open() {
        database.open();
        h2.open();
        messages.open();
    }

    /** Whether this store runs {@link H2Housekeeping} (an embedded H2 file database). */
    boolean housekeeping() {
        return h2.housekeeping();
    }

    @Override
    public String adapterName() {
        return database.adapterName();
    }

    /** A pooled connection the driver finds valid within 2 s, else {@code INTERNAL}. */
    @Override
    public void ping() {
        database.ping();
    }

    @Override
    public void close() {
        // Messages already queued are committed first: their senders wait for that.
        messages.close();
        h2.close();
        caches.invalidateAll();
        database.close(ownsPool);
    }

    // ---- users, auth, devices ----

    @Override
    public void createUser(User u) {
        users.create(u);
    }

    @Override
    public Optional<User> getUser(Uid uid) {
        return users.get(uid);
    }

    @Override
    public List<User> getUsers(Collection<Uid> uids) {
        return users.get(uids);
    }

    @Override
    public void updateUser(User u) {
        users.update(u);
    }

    @Override // written behind (Builder.writeBehind), as a message's topic seq is
    public void updateLastSeen(Uid uid, Instant when, String userAgent) {
        users.seen(uid, when, userAgent);
    }

    @Override
    public void deleteUser(Uid uid, boolean hard) {
        users.delete(uid, hard);
        devices.forget(uid);
    }

    @Override
    public void addAuthRecord(AuthRecord r) {
        auth.add(r);
    }

    @Override
    public Optional<AuthRecord> getAuthRecordByUnique(String unique) {
        return auth.getByUnique(unique);
    }

    @Override
    public Optional<AuthRecord> getAuthRecord(Uid uid, String scheme) {
        return auth.get(uid, scheme);
    }

    @Override
    public void updateAuthRecord(AuthRecord r) {
        auth.update(r);
    }

    @Override
    public void deleteAuthRecords(Uid uid, String scheme) {
        auth.delete(uid, scheme);
    }

    @Override
    public void upsertDevice(Uid uid, Device dev) {
        devices.upsert(uid, dev);
    }

    @Override
    public void deleteDevice(Uid uid, String deviceId) {
        devices.delete(uid, deviceId);
    }

    @Override
    public List<Device> getDevices(Uid uid) {
        return devices.list(uid);
    }

    // ---- credentials, persistent cache ----

    @Override
    public boolean upsertCredential(Credential credential) {
        return credentials.upsert(credential);
    }

    @Override
    public Optional<Credential> getActiveCredential(Uid user, String method) {
        return credentials.active(user, method);
    }

    @Override
    public List<Credential> getCredentials(Uid user, String method, boolean validatedOnly) {
        return credentials.list(user, method, validatedOnly);
    }

    @Override
    public void deleteCredential(Uid user, String method, String value) {
        credentials.delete(user, method, value);
    }

    @Override
    public void confirmCredential(Uid user, String method) {
        credentials.confirm(user, method);
    }

    @Override
    public void failCredential(Uid user, String method) {
        credentials.fail(user, method);
    }

    @Override
    public Optional<Uid> getUserByCredential(String method, String value) {
        return credentials.owner(method, value);
    }

    @Override
    public List<Uid> getUnvalidatedUsers(Instant before, int limit) {
        return credentials.unvalidatedUsers(before, limit);
    }

    @Override
    public Optional<String> getCacheEntry(String key) {
        return cache.get(key);
    }

    @Override
    public void putCacheEntry(String key, String value, boolean failOnDuplicate) {
        cache.put(key, value, failOnDuplicate);
    }

    @Override
    public void deleteCacheEntry(String key) {
        cache.delete(key);
    }

    @Override
    public void expireCacheEntries(String prefix, Instant before) {
        cache.expire(prefix, before);
    }

    // ---- topics, subscriptions ----

    @Override
    public void createTopic(TopicRecord t) {
        topics.create(t);
    }

    @Override
    public Optional<TopicRecord> getTopic(String name) {
        return topics.get(name);
    }

    @Override
    public List<TopicRecord> getTopics(Collection<String> names) {
        return topics.get(names);
    }

    @Override
    public void updateTopic(TopicRecord t) {
        topics.update(t);
    }

    @Override
    public void deleteTopic(String name, boolean hard) {
        topics.delete(name, hard);
    }

    @Override
    public void upsertSubscription(Subscription s) {
        subscriptions.upsert(s);
    }

    @Override
    public Optional<Subscription> getSubscription(String topic, Uid user) {
        return subscriptions.get(topic, user);
    }

    @Override
    public List<Subscription> getUserSubscriptions(Uid user) {
        return subscriptions.ofUser(user);
    }

    @Override
    public List<Subscription> getTopicSubscriptions(String topic) {
        return subscriptions.ofTopic(topic);
    }

    // ---- the message log ----

    /** By group commit on the store's writer thread ({@code GroupCommit}); returns once committed. */
    @Override
    public void saveMessage(Message m) {
        saveMessage(m, List.of());
    }

    /** As {@link #saveMessage(Message)}; the file references are inserted in the message's transaction. */
    @Override
    public void saveMessage(Message m, Collection<String> fileIds) {
        messages.save(m, fileIds);
    }

    /** As {@link #saveMessage(Message, Collection)}, committed by the store's writer thread with whatever else waits. */
    @Override
    public java.util.concurrent.CompletionStage<Void> saveMessageAsync(Message m, Collection<String> fileIds) {
        return messages.saveAsync(m, fileIds);
    }

    @Override
    public List<Message> getMessages(String topic, Uid forUser, MessageQuery q) {
        return history.get(topic, forUser, q);
    }

    @Override
    public void deleteMessages(String topic, int delId, Uid forUser, List<SeqRange> ranges, Instant hardCutoff) {
        deletions.delete(topic, delId, forUser, ranges, hardCutoff);
    }

    @Override
    public List<DelLogEntry> getDeletions(String topic, Uid forUser, int since, int before, int limit) {
        return deletions.get(topic, forUser, since, before, limit);
    }

    // ---- file references, search ----

    @Override
    public void linkFiles(String owner, Collection<String> fileIds) {
        files.link(owner, fileIds);
    }

    /** Asked in slices, so that garbage collection of a large folder never builds a huge IN list. */
    @Override
    public Set<String> referencedFiles(Collection<String> fileIds) {
        return files.referenced(fileIds);
    }

    @Override
    public List<TagMatch> findByTags(List<String> allOf, List<String> anyOf, boolean includeInactive, int limit) {
        return tags.find(allOf, anyOf, includeInactive, limit);
    }

    @Override
    public Optional<String> findTagOwner(String tag) {
        return tags.owner(tag);
    }

    @Override
    public Map<String, Long> counts() {
        return new AdminQueries(database).counts();
    }

    @Override
    public List<String> topicNames(String after, int limit) {
        return new AdminQueries(database).topicNames(after, limit);
    }

    /**
     * Settings for a {@link JdbcStore}: either a JDBC URL (the store builds and owns a HikariCP
     * pool) or the host's {@code DataSource} (used as given, never closed). Not thread-safe.
     */
    public static final class Builder {
        private String url;
        private String user;
        private String password;
        private DataSource dataSource;
        private int poolSize = 10;
        private boolean caching = true;
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration h2Housekeeping = Duration.ofMillis(250);
        private Duration h2Checkpoint = Duration.ofSeconds(1);
        private Duration socketTimeout = Duration.ofSeconds(10);
        private Duration writeBehind = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * How often topics' seq and touched time and senders' markers that messages moved are written,
         * in small paced transactions; default 5 s. Messages are durable before their ack either way;
         * after a crash these are recovered from the message log. Zero: in each message's transaction.
         */
        public Builder writeBehind(Duration period) {
            this.writeBehind = Db.zeroOrPositive(period, "writeBehind");
            return this;
        }


        /**
         * How long a request waits on a database that stopped answering (packets dropped, not reset) before
         * a 500; default 10 s, as Tinode's {@code sql_timeout}: the MySQL/MariaDB or PostgreSQL driver's socket
         * timeout on the pool this store builds (zero: none); H2 and a host's {@code DataSource} are left alone.
         */
        public Builder socketTimeout(Duration d) {
            if (d == null || d.isNegative() || !d.isZero() && d.toMillis() < 1000) {
                throw new IllegalArgumentException("socketTimeout must be zero or at least 1 s: " + d);
            }
            this.socketTimeout = d;
            return this;
        }

        /** A JDBC URL, e.g. {@link JdbcStore#h2File}, {@code jdbc:mysql://host/db}, {@code jdbc:postgresql://host/db}. */
        public Builder url(String u) {
            if (u == null || !u.startsWith("jdbc:")) {
                throw new IllegalArgumentException("url must be a JDBC URL: " + u);
            }
            this.url = u;
            return this;
        }

        public Builder user(String u) {
            this.user = u;
            return this;
        }

        public Builder password(String p) {
            this.password = p;
            return this;
        }

        /** The host's pool; overrides {@link #url}. It must allow two connections at once (see {@link #poolSize}). */
        public Builder dataSource(DataSource ds) {
            this.dataSource = Objects.requireNonNull(ds, "dataSource");
            return this;
        }

        /** Pool size when the store builds the pool; default 10, at least 2 (migration holds Flyway's lock and a worker). */
        public Builder poolSize(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("poolSize must be at least 2 (schema migration needs two): " + n);
            }
            this.poolSize = n;
            return this;
        }

        /** How long a request waits for a connection before failing with a 500 (database down); default 5 s. */
        public Builder connectionTimeout(Duration d) {
            if (d == null || d.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms: " + d);
            }
            this.connectionTimeout = d;
            return this;
        }

        /**
         * How often an embedded H2 file opened with {@code WRITE_DELAY=0} (as {@link JdbcStore#h2File} does)
         * writes its changes, in one chunk; default 1 s. Meanwhile acknowledged messages are durable in the
         * store's message journal beside the file and every other write is stored before it returns, so
         * an ack still survives {@code kill -9}; messages a crash left in the journal are put back on open.
         * {@link Duration#ZERO}: a chunk per commit, as H2 does with that setting (then see
         * {@link #h2Housekeeping}). Other databases ignore it.
         */
        public Builder h2Checkpoint(Duration period) {
            this.h2Checkpoint = Db.zeroOrPositive(period, "h2Checkpoint");
            return this;
        }

        /**
         * With {@code h2Checkpoint(ZERO)}: how often the chunks of an embedded H2 file written a commit at a
         * time are compacted, which H2 stops doing with {@code WRITE_DELAY=0}; default 250 ms, zero turns it off.
         */
        public Builder h2Housekeeping(Duration period) {
            this.h2Housekeeping = Db.zeroOrPositive(period, "h2Housekeeping");
            return this;
        }

        /** Cache users, topics and auth records in memory; default true. */
        public Builder caching(boolean v) {
            this.caching = v;
            return this;
        }

        public JdbcStore build() {
            if (dataSource != null) {
                return new JdbcStore(dataSource, false, this);
            }
            if (url == null) {
                throw new IllegalArgumentException("either url or dataSource must be set");
            }
            DataSource pool = OwnedPool.create(url, user, password, poolSize, connectionTimeout, socketTimeout);
            return new JdbcStore(pool, true, this);
        }
    }
}

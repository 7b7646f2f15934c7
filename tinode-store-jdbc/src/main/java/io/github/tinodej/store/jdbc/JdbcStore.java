package io.github.tinodej.store.jdbc;

import static io.github.tinodej.store.jdbc.Db.instant;
import static io.github.tinodej.store.jdbc.Db.utc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.DefaultAccess;
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
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * A {@link Store} on a relational database through jOOQ: H2 (file or memory), MySQL/MariaDB and
 * PostgreSQL. The schema is created and upgraded by Flyway on {@link #open()}.
 *
 * <pre>{@code
 * Store store = JdbcStore.builder().url(JdbcStore.h2File(Path.of("data"))).build();
 * Store shared = JdbcStore.builder().dataSource(hostPool).build();   // never closed by us
 * }</pre>
 *
 * <p>Threading: thread-safe; every method blocks on the database and is called from the engine's
 * worker pool. Failures are {@link StoreException}s ({@code DUPLICATE} for unique keys,
 * {@code INTERNAL} for the rest) and leave the store usable: once the database is back, the next
 * call works. A pool this store built is closed by {@link #close()}; a host's {@code DataSource}
 * is used as given and never closed.
 */
public final class JdbcStore implements Store {
    private final DataSource dataSource;
    private final boolean ownsPool;
    private final boolean caching;
    private final Duration h2Housekeeping;
    /** An {@link H2Housekeeping} for an embedded H2 file database, else null (typed loosely so
     * the class, which needs H2, is only loaded for H2). */
    private volatile AutoCloseable housekeeping;
    private volatile DSLContext db;
    private volatile SQLDialect dialect;
    private final Cache<Uid, User> users;
    private final Cache<String, TopicRecord> topics;
    private final Cache<String, Optional<AuthRecord>> auth;

    private JdbcStore(DataSource ds, boolean ownsPool, boolean caching, Duration h2Housekeeping) {
        this.dataSource = ds;
        this.ownsPool = ownsPool;
        this.caching = caching;
        this.h2Housekeeping = h2Housekeeping;
        this.users = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
        this.topics = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
        this.auth = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JDBC URL of an H2 database file under {@code dir}, with every commit flushed to disk before
     * it returns ({@code WRITE_DELAY=0}), so acknowledged messages survive {@code kill -9}. The
     * database closes with this store, not in H2's own JVM shutdown hook ({@code DB_CLOSE_ON_EXIT=FALSE}):
     * that hook races the server's graceful stop, whose last writes (users' last-seen times as
     * sessions end) then failed with "Database is already closed".
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
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            String version = c.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT);
            if (product.contains("h2")) {
                dialect = SQLDialect.H2;
            } else if (product.contains("mariadb") || version.contains("mariadb")) {
                dialect = SQLDialect.MARIADB;
            } else if (product.contains("mysql")) {
                dialect = SQLDialect.MYSQL;
            } else if (product.contains("postgres")) {
                dialect = SQLDialect.POSTGRES;
            } else {
                throw new StoreException(StoreException.Kind.UNSUPPORTED, "unsupported database: " + product);
            }
        } catch (SQLException e) {
            throw new StoreException(StoreException.Kind.INTERNAL, "cannot connect: " + e.getMessage(), e);
        }
        String folder = switch (dialect) {
            case H2 -> "h2";
            case POSTGRES -> "postgresql";
            default -> "mysql";
        };
        Flyway.configure(JdbcStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/tinodej/" + folder)
                .table("tinodej_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        db = DSL.using(dataSource, dialect, new Settings()
                .withRenderQuotedNames(RenderQuotedNames.NEVER)
                .withExecuteLogging(false));
        if (dialect == SQLDialect.H2 && housekeeping == null) {
            housekeeping = H2Housekeeping.startIfNeeded(dataSource, h2Housekeeping);
        }
    }

    /** Whether this store runs {@link H2Housekeeping} (an embedded H2 file database). */
    boolean housekeeping() {
        return housekeeping != null;
    }

    @Override
    public String adapterName() {
        SQLDialect d = dialect;
        if (d == null) {
            return "jdbc";
        }
        return switch (d) {
            case H2 -> "h2";
            case POSTGRES -> "postgres";
            default -> "mysql";
        };
    }

    @Override
    public void close() {
        AutoCloseable compaction = housekeeping;
        housekeeping = null;
        if (compaction != null) {
            try {
                compaction.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        users.invalidateAll();
        topics.invalidateAll();
        auth.invalidateAll();
        if (ownsPool && dataSource instanceof HikariDataSource h) {
            h.close();
        }
    }

    private DSLContext db() {
        DSLContext d = db;
        if (d == null) {
            throw new StoreException(StoreException.Kind.INTERNAL, "store not open");
        }
        return d;
    }

    // ---- users ----

    @Override
    public void createUser(User u) {
        Db.tx(db(), d -> {
            d.insertInto(T.USERS).set(T.ID, u.uid().value()).set(T.CREATEDAT, utc(u.created()))
                    .set(T.UPDATEDAT, utc(u.updated())).set(T.STATE, u.state().value()).set(T.STATEAT, utc(u.stateAt()))
                    .set(T.ACCESS_AUTH, u.access().auth().toString()).set(T.ACCESS_ANON, u.access().anon().toString())
                    .set(T.PUBLIC, u.publicJson()).set(T.TRUSTED, u.trustedJson()).set(T.TAGS, Db.tagsJson(u.tags()))
                    .set(T.LASTSEEN, utc(u.lastSeen())).set(T.USERAGENT, u.userAgent()).execute();
            writeTags(d, T.USERTAGS, T.USERID, u.uid().value(), u.tags());
            return null;
        });
        users.invalidate(u.uid());
    }

    @Override
    public Optional<User> getUser(Uid uid) {
        if (caching) {
            User cached = users.getIfPresent(uid);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<User> u = Db.run(db(), d -> d.select(T.USER_FIELDS).from(T.USERS).where(T.ID.eq(uid.value())).fetchOptional())
                .map(JdbcStore::user);
        if (caching) {
            u.ifPresent(x -> users.put(uid, x));
        }
        return u;
    }

    @Override
    public List<User> getUsers(Collection<Uid> uids) {
        List<User> out = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (Uid u : uids) {
            User cached = caching ? users.getIfPresent(u) : null;
            if (cached != null) {
                out.add(cached);
            } else {
                missing.add(u.value());
            }
        }
        if (!missing.isEmpty()) {
            for (Record r : Db.run(db(), d -> d.select(T.USER_FIELDS).from(T.USERS).where(T.ID.in(missing)).fetch())) {
                User u = user(r);
                out.add(u);
                if (caching) {
                    users.put(u.uid(), u);
                }
            }
        }
        return out;
    }

    @Override
    public void updateUser(User u) {
        try {
            Db.tx(db(), d -> {
                int n = d.update(T.USERS).set(T.UPDATEDAT, utc(u.updated())).set(T.STATE, u.state().value())
                        .set(T.STATEAT, utc(u.stateAt())).set(T.ACCESS_AUTH, u.access().auth().toString())
                        .set(T.ACCESS_ANON, u.access().anon().toString()).set(T.PUBLIC, u.publicJson())
                        .set(T.TRUSTED, u.trustedJson()).set(T.TAGS, Db.tagsJson(u.tags()))
                        .set(T.LASTSEEN, utc(u.lastSeen())).set(T.USERAGENT, u.userAgent())
                        .where(T.ID.eq(u.uid().value())).execute();
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + u.uid());
                }
                writeTags(d, T.USERTAGS, T.USERID, u.uid().value(), u.tags());
                return null;
            });
        } finally {
            users.invalidate(u.uid());
        }
    }

    @Override
    public void deleteUser(Uid uid, boolean hard) {
        try {
            Db.tx(db(), d -> {
                long id = uid.value();
                int n;
                if (hard) {
                    d.deleteFrom(T.SUBS).where(T.USERID.eq(id)).execute();
                    d.deleteFrom(T.USERTAGS).where(T.USERID.eq(id)).execute();
                    d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(uid.userId())).execute();
                    n = d.deleteFrom(T.USERS).where(T.ID.eq(id)).execute();
                } else {
                    java.time.LocalDateTime now = utc(Instant.now());
                    n = d.update(T.USERS).set(T.STATE, ObjectState.DELETED.value()).set(T.STATEAT, now)
                            .set(T.UPDATEDAT, now).where(T.ID.eq(id)).execute();
                }
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no user " + uid);
                }
                d.deleteFrom(T.AUTH).where(T.USERID.eq(id)).execute();
                d.deleteFrom(T.DEVICES).where(T.USERID.eq(id)).execute();
                return null;
            });
        } finally {
            users.invalidate(uid);
            auth.invalidateAll();
        }
    }

    private static User user(Record r) {
        return new User(new Uid(r.get(T.ID)), instant(r.get(T.CREATEDAT)), instant(r.get(T.UPDATEDAT)),
                ObjectState.ofValue(r.get(T.STATE)), instant(r.get(T.STATEAT)),
                new DefaultAccess(AccessMode.parse(r.get(T.ACCESS_AUTH)), AccessMode.parse(r.get(T.ACCESS_ANON))),
                r.get(T.PUBLIC), r.get(T.TRUSTED), Db.tags(r.get(T.TAGS)), instant(r.get(T.LASTSEEN)), r.get(T.USERAGENT));
    }

    private static <K> void writeTags(DSLContext d, org.jooq.Table<?> table, org.jooq.Field<K> owner, K id,
            List<String> tags) {
        d.deleteFrom(table).where(owner.eq(id)).execute();
        for (String tag : tags) {
            d.insertInto(table).set(owner, id).set(T.TAG, tag).execute();
        }
    }

    // ---- auth ----

    @Override
    public void addAuthRecord(AuthRecord r) {
        try {
            Db.run(db(), d -> d.insertInto(T.AUTH).set(T.UNAME, r.unique()).set(T.USERID, r.uid().value())
                    .set(T.SCHEME, r.scheme()).set(T.AUTHLVL, r.level().value()).set(T.SECRET, r.secret())
                    .set(T.EXPIRES, utc(r.expires())).execute());
        } finally {
            auth.invalidate(r.unique());
        }
    }

    @Override
    public Optional<AuthRecord> getAuthRecordByUnique(String unique) {
        if (caching) {
            Optional<AuthRecord> cached = auth.getIfPresent(unique);
            if (cached != null) {
                return cached;
            }
        }
        Optional<AuthRecord> r = Db.run(db(), d -> d.select(T.AUTH_FIELDS).from(T.AUTH).where(T.UNAME.eq(unique)).fetchOptional())
                .map(JdbcStore::authRecord);
        if (caching) {
            auth.put(unique, r);
        }
        return r;
    }

    @Override
    public Optional<AuthRecord> getAuthRecord(Uid uid, String scheme) {
        return Db.run(db(), d -> d.select(T.AUTH_FIELDS).from(T.AUTH).where(T.USERID.eq(uid.value())).and(T.SCHEME.eq(scheme))
                .fetchOptional()).map(JdbcStore::authRecord);
    }

    @Override
    public void updateAuthRecord(AuthRecord r) {
        try {
            Db.tx(db(), d -> {
                Record old = d.select(T.UNAME).from(T.AUTH).where(T.USERID.eq(r.uid().value()))
                        .and(T.SCHEME.eq(r.scheme())).fetchOne();
                if (old == null) {
                    throw new StoreException(StoreException.Kind.NOT_FOUND, "no auth record");
                }
                d.update(T.AUTH).set(T.UNAME, r.unique()).set(T.AUTHLVL, r.level().value()).set(T.SECRET, r.secret())
                        .set(T.EXPIRES, utc(r.expires())).where(T.USERID.eq(r.uid().value()))
                        .and(T.SCHEME.eq(r.scheme())).execute();
                return null;
            });
        } finally {
            auth.invalidateAll();
        }
    }

    @Override
    public void deleteAuthRecords(Uid uid, String scheme) {
        try {
            Db.run(db(), d -> {
                Condition c = T.USERID.eq(uid.value());
                if (scheme != null) {
                    c = c.and(T.SCHEME.eq(scheme));
                }
                return d.deleteFrom(T.AUTH).where(c).execute();
            });
        } finally {
            auth.invalidateAll();
        }
    }

    private static AuthRecord authRecord(Record r) {
        return new AuthRecord(r.get(T.UNAME), new Uid(r.get(T.USERID)), r.get(T.SCHEME),
                AuthLevel.ofValue(r.get(T.AUTHLVL)).orElseThrow(), r.get(T.SECRET), instant(r.get(T.EXPIRES)));
    }

    // ---- subscriptions ----

    @Override
    public void upsertSubscription(Subscription s) {
        Db.tx(db(), d -> {
            int n = d.update(T.SUBS).set(T.CREATEDAT, utc(s.created())).set(T.UPDATEDAT, utc(s.updated()))
                    .set(T.DELETEDAT, utc(s.deleted())).set(T.MODEWANT, s.want().toString())
                    .set(T.MODEGIVEN, s.given().toString()).set(T.PRIVATE, s.privateJson())
                    .set(T.READSEQID, s.readSeq()).set(T.RECVSEQID, s.recvSeq()).set(T.DELID, s.delId())
                    .where(T.TOPIC.eq(s.topic())).and(T.USERID.eq(s.user().value())).execute();
            if (n == 0) {
                d.insertInto(T.SUBS).set(T.TOPIC, s.topic()).set(T.USERID, s.user().value())
                        .set(T.CREATEDAT, utc(s.created())).set(T.UPDATEDAT, utc(s.updated()))
                        .set(T.DELETEDAT, utc(s.deleted())).set(T.MODEWANT, s.want().toString())
                        .set(T.MODEGIVEN, s.given().toString()).set(T.PRIVATE, s.privateJson())
                        .set(T.READSEQID, s.readSeq()).set(T.RECVSEQID, s.recvSeq()).set(T.DELID, s.delId()).execute();
            }
            return null;
        });
    }

    @Override
    public Optional<Subscription> getSubscription(String topic, Uid user) {
        return Db.run(db(), d -> d.select(T.SUB_FIELDS).from(T.SUBS).where(T.TOPIC.eq(topic)).and(T.USERID.eq(user.value()))
                .fetchOptional()).map(JdbcStore::subscription);
    }

    @Override
    public List<Subscription> getUserSubscriptions(Uid user) {
        return Db.run(db(), d -> d.select(T.SUB_FIELDS).from(T.SUBS).where(T.USERID.eq(user.value())).fetch())
                .map(JdbcStore::subscription);
    }

    @Override
    public List<Subscription> getTopicSubscriptions(String topic) {
        return Db.run(db(), d -> d.select(T.SUB_FIELDS).from(T.SUBS).where(T.TOPIC.eq(topic)).fetch())
                .map(JdbcStore::subscription);
    }

    private static Subscription subscription(Record r) {
        return new Subscription(r.get(T.TOPIC), new Uid(r.get(T.USERID)), instant(r.get(T.CREATEDAT)),
                instant(r.get(T.UPDATEDAT)), instant(r.get(T.DELETEDAT)), AccessMode.parse(r.get(T.MODEWANT)),
                AccessMode.parse(r.get(T.MODEGIVEN)), r.get(T.PRIVATE), r.get(T.READSEQID), r.get(T.RECVSEQID),
                r.get(T.DELID));
    }

    // ---- topics ----

    @Override
    public void createTopic(TopicRecord t) {
        try {
            Db.tx(db(), d -> {
                d.insertInto(T.TOPICS).set(T.NAME, t.name()).set(T.CREATEDAT, utc(t.created()))
                        .set(T.UPDATEDAT, utc(t.updated())).set(T.TOUCHEDAT, utc(t.touched()))
                        .set(T.STATE, t.state().value()).set(T.STATEAT, utc(t.stateAt())).set(T.USEBT, t.channel())
                        .set(T.OWNER, t.owner().value()).set(T.ACCESS_AUTH, t.access().auth().toString())
                        .set(T.ACCESS_ANON, t.access().anon().toString()).set(T.SEQID, t.seqId()).set(T.DELID, t.delId())
                        .set(T.PUBLIC, t.publicJson()).set(T.TRUSTED, t.trustedJson()).set(T.TAGS, Db.tagsJson(t.tags()))
                        .set(T.AUX, t.auxJson()).execute();
                writeTags(d, T.TOPICTAGS, T.TOPIC, t.name(), t.tags());
                return null;
            });
        } finally {
            topics.invalidate(t.name());
        }
    }

    @Override
    public Optional<TopicRecord> getTopic(String name) {
        if (caching) {
            TopicRecord cached = topics.getIfPresent(name);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<TopicRecord> t = Db.run(db(), d -> d.select(T.TOPIC_FIELDS).from(T.TOPICS).where(T.NAME.eq(name)).fetchOptional())
                .map(JdbcStore::topic);
        if (caching) {
            t.ifPresent(x -> topics.put(name, x));
        }
        return t;
    }

    @Override
    public List<TopicRecord> getTopics(Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return Db.run(db(), d -> d.select(T.TOPIC_FIELDS).from(T.TOPICS).where(T.NAME.in(names)).fetch()).map(JdbcStore::topic);
    }

    @Override
    public void updateTopic(TopicRecord t) {
        try {
            Db.tx(db(), d -> {
                int n = d.update(T.TOPICS).set(T.CREATEDAT, utc(t.created())).set(T.UPDATEDAT, utc(t.updated()))
                        .set(T.STATE, t.state().value()).set(T.STATEAT, utc(t.stateAt())).set(T.USEBT, t.channel())
                        .set(T.OWNER, t.owner().value()).set(T.ACCESS_AUTH, t.access().auth().toString())
                        .set(T.ACCESS_ANON, t.access().anon().toString()).set(T.PUBLIC, t.publicJson())
                        .set(T.TRUSTED, t.trustedJson()).set(T.TAGS, Db.tagsJson(t.tags())).set(T.AUX, t.auxJson())
                        .where(T.NAME.eq(t.name())).execute();
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + t.name());
                }
                writeTags(d, T.TOPICTAGS, T.TOPIC, t.name(), t.tags());
                return null;
            });
        } finally {
            topics.invalidate(t.name());
        }
    }

    @Override
    public void deleteTopic(String name, boolean hard) {
        try {
            Db.tx(db(), d -> {
                int n;
                if (hard) {
                    d.deleteFrom(T.SUBS).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.MESSAGES).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.DELLOG).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.TOPICTAGS).where(T.TOPIC.eq(name)).execute();
                    d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(name)).execute();
                    n = d.deleteFrom(T.TOPICS).where(T.NAME.eq(name)).execute();
                } else {
                    java.time.LocalDateTime now = utc(Instant.now());
                    n = d.update(T.TOPICS).set(T.STATE, ObjectState.DELETED.value()).set(T.STATEAT, now)
                            .where(T.NAME.eq(name)).execute();
                }
                if (n == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + name);
                }
                return null;
            });
        } finally {
            topics.invalidate(name);
        }
    }

    private static TopicRecord topic(Record r) {
        return new TopicRecord(r.get(T.NAME), instant(r.get(T.CREATEDAT)), instant(r.get(T.UPDATEDAT)),
                instant(r.get(T.TOUCHEDAT)), ObjectState.ofValue(r.get(T.STATE)), instant(r.get(T.STATEAT)),
                Boolean.TRUE.equals(r.get(T.USEBT)), new Uid(r.get(T.OWNER)),
                new DefaultAccess(AccessMode.parse(r.get(T.ACCESS_AUTH)), AccessMode.parse(r.get(T.ACCESS_ANON))),
                r.get(T.SEQID), r.get(T.DELID), r.get(T.PUBLIC), r.get(T.TRUSTED), Db.tags(r.get(T.TAGS)), r.get(T.AUX));
    }

    // ---- messages ----

    /** A message waiting for the group commit that makes it durable. */
    private static final class PendingSave {
        final Message msg;
        final Collection<String> fileIds;
        boolean done;
        RuntimeException error;

        PendingSave(Message msg, Collection<String> fileIds) {
            this.msg = msg;
            this.fileIds = fileIds;
        }
    }

    private final java.util.ArrayDeque<PendingSave> saveQueue = new java.util.ArrayDeque<>();
    private final Object commitLock = new Object();

    /**
     * Group commit: messages that arrive from several topics while a commit is in flight are
     * written together in the next transaction, so one flush makes many messages durable. Each
     * caller still returns only after the commit holding its message, so an acknowledgement is
     * never sent for anything that could be lost. A failing batch is retried message by message so
     * one bad message (a duplicate seq) fails alone, unless the connection failed: then the whole
     * batch fails at once.
     */
    @Override
    public void saveMessage(Message m) {
        saveMessage(m, List.of());
    }

    /** As {@link #saveMessage(Message)}; the file references are inserted in the message's transaction. */
    @Override
    public void saveMessage(Message m, Collection<String> fileIds) {
        PendingSave mine = new PendingSave(m, List.copyOf(fileIds));
        synchronized (saveQueue) {
            saveQueue.add(mine);
        }
        synchronized (commitLock) {
            // Whoever holds the lock commits everything queued; a caller whose message was in an
            // earlier batch finds it done when it gets the lock.
            if (!mine.done) {
                List<PendingSave> batch = new ArrayList<>();
                synchronized (saveQueue) {
                    PendingSave p;
                    while ((p = saveQueue.poll()) != null) {
                        batch.add(p);
                    }
                }
                commit(batch);
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
    }

    private void commit(List<PendingSave> batch) {
        try {
            Db.tx(db(), d -> {
                for (PendingSave p : batch) {
                    writeMessage(d, p);
                }
                return null;
            });
            batch.forEach(p -> p.done = true);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).error = e;
                batch.get(0).done = true;
            } else if (BrokenConnections.isConnectionFailure(e)) {
                // The database is unreachable, or the connection died (perhaps after the COMMIT went
                // through): one attempt per message would only make the last caller wait a
                // connection timeout per message ahead of it, and each retry of a batch that did
                // commit would report a duplicate. Every message shares the batch's outcome.
                for (PendingSave p : batch) {
                    p.error = new StoreException(StoreException.Kind.INTERNAL, e.getMessage(), e);
                    p.done = true;
                }
            } else {
                for (PendingSave p : batch) {
                    try {
                        Db.tx(db(), d -> {
                            writeMessage(d, p);
                            return null;
                        });
                    } catch (RuntimeException one) {
                        p.error = one;
                    }
                    p.done = true;
                }
            }
        } finally {
            batch.forEach(p -> topics.invalidate(p.msg.topic()));
        }
    }

    // The publish path runs per message: its SQL is rendered once and executed as plain prepared
    // statements, which costs a fraction of building jOOQ queries every time.
    private static final String SQL_TOUCH_TOPIC =
            "update topics set seqid = case when seqid > ? then seqid else ? end, touchedat = ? where name = ?";
    private static final String SQL_INSERT_MESSAGE =
            "insert into messages (topic, seqid, createdat, fromuid, head, content, delid) values (?, ?, ?, ?, ?, ?, ?)";
    private static final String SQL_SENDER_MARKERS =
            "update subscriptions set readseqid = ?, recvseqid = ? where topic = ? and userid = ?";
    private static final String SQL_LINK_FILE = "insert into filelinks (topic, seqid, fileid) values (?, ?, ?)";

    private void writeMessage(DSLContext d, PendingSave p) {
        Message m = p.msg;
        d.connection(c -> {
            try (java.sql.PreparedStatement touch = c.prepareStatement(SQL_TOUCH_TOPIC)) {
                touch.setInt(1, m.seq());
                touch.setInt(2, m.seq());
                setTime(touch, 3, utc(m.created()));
                touch.setString(4, m.topic());
                if (touch.executeUpdate() == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + m.topic());
                }
            }
            try (java.sql.PreparedStatement insert = c.prepareStatement(SQL_INSERT_MESSAGE)) {
                insert.setString(1, m.topic());
                insert.setInt(2, m.seq());
                setTime(insert, 3, utc(m.created()));
                insert.setLong(4, m.from().value());
                insert.setString(5, m.headJson());
                insert.setString(6, m.contentJson());
                insert.setInt(7, m.delId());
                insert.executeUpdate();
            }
            try (java.sql.PreparedStatement markers = c.prepareStatement(SQL_SENDER_MARKERS)) {
                markers.setInt(1, m.seq());
                markers.setInt(2, m.seq());
                markers.setString(3, m.topic());
                markers.setLong(4, m.from().value());
                markers.executeUpdate();
            }
            // Only messages with attachments pay for this statement; the rest of the publish path
            // is unchanged.
            if (!p.fileIds.isEmpty()) {
                try (java.sql.PreparedStatement link = c.prepareStatement(SQL_LINK_FILE)) {
                    for (String id : new java.util.LinkedHashSet<>(p.fileIds)) {
                        link.setString(1, m.topic());
                        link.setInt(2, m.seq());
                        link.setString(3, id);
                        link.addBatch();
                    }
                    link.executeBatch();
                }
            }
        });
    }

    /** Times as UTC wall time; text for the MySQL family (see {@link UtcTimeBinding}). */
    private void setTime(java.sql.PreparedStatement p, int index, java.time.LocalDateTime t) throws java.sql.SQLException {
        SQLDialect family = dialect.family();
        if (family == SQLDialect.MYSQL || family == SQLDialect.MARIADB) {
            p.setString(index, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").format(t));
        } else {
            p.setObject(index, t);
        }
    }

    @Override
    public List<Message> getMessages(String topic, Uid forUser, MessageQuery q) {
        if (q.ranges().isEmpty()) {
            return pageOfMessages(topic, forUser, q);
        }
        Condition c = T.TOPIC.eq(topic).and(T.DELID.eq(0));
        if (!q.ranges().isEmpty()) {
            Condition any = DSL.falseCondition();
            for (SeqRange r : q.ranges()) {
                any = any.or(T.SEQID.ge(r.low()).and(T.SEQID.lt(r.end())));
            }
            c = c.and(any);
        } else {
            if (q.since() > 0) {
                c = c.and(T.SEQID.ge(q.since()));
            }
            if (q.before() > 0) {
                c = c.and(T.SEQID.lt(q.before()));
            }
        }
        org.jooq.Table<?> dl = T.DELLOG.as(DSL.unquotedName("dl"));
        org.jooq.Field<Integer> low = T.q("dl", T.LOW);
        org.jooq.Field<Integer> hi = T.q("dl", T.HI);
        org.jooq.Field<Integer> seq = T.q("m", T.SEQID);
        Condition softDeleted = DSL.exists(DSL.selectOne().from(dl).where(T.q("dl", T.TOPIC).eq(topic))
                .and(T.q("dl", T.DELETEDFOR).eq(forUser.value()))
                .and(seq.ge(low))
                .and(seq.lt(DSL.when(hi.eq(0), low.plus(1)).otherwise(hi))));
        Condition where = forUser.isValid() ? c.andNot(softDeleted) : c;
        // Ordering by the whole key (topic is fixed) lets H2 walk the primary key backwards and stop
        // after one page; ordering by seqid alone made it scan and sort every earlier message.
        return Db.run(db(), d -> d.select(T.TOPIC, T.SEQID, T.CREATEDAT, T.FROMUID, T.HEAD, T.CONTENT, T.DELID)
                .from(T.MESSAGES.as(DSL.unquotedName("m"))).where(where).orderBy(T.TOPIC.desc(), T.SEQID.desc())
                .limit(q.limit()).fetch())
                .map(r -> new Message(r.get(T.TOPIC), r.get(T.SEQID), instant(r.get(T.CREATEDAT)), new Uid(r.get(T.FROMUID)),
                        r.get(T.HEAD), r.get(T.CONTENT), r.get(T.DELID)));
    }

    /**
     * A history page ({@code since}/{@code before}, no id ranges), the request clients send most:
     * plain SQL on a prepared statement, as on the publish path. Building the same query with jOOQ
     * cost as much as H2 took to run it. Same result as the general query above.
     */
    private List<Message> pageOfMessages(String topic, Uid forUser, MessageQuery q) {
        StringBuilder sql = new StringBuilder(
                "select topic, seqid, createdat, fromuid, head, content, delid from messages m where topic = ? and delid = 0");
        if (q.since() > 0) {
            sql.append(" and seqid >= ?");
        }
        if (q.before() > 0) {
            sql.append(" and seqid < ?");
        }
        if (forUser.isValid()) {
            sql.append(" and not exists (select 1 from dellog dl where dl.topic = ? and dl.deletedfor = ?"
                    + " and m.seqid >= dl.low and m.seqid < case when dl.hi = 0 then dl.low + 1 else dl.hi end)");
        }
        // The whole key in the order lets H2 walk the primary key backwards (see getMessages).
        sql.append(" order by topic desc, seqid desc limit ?");
        return Db.run(db(), d -> d.connectionResult(c -> {
            try (java.sql.PreparedStatement p = c.prepareStatement(sql.toString())) {
                int i = 1;
                p.setString(i++, topic);
                if (q.since() > 0) {
                    p.setInt(i++, q.since());
                }
                if (q.before() > 0) {
                    p.setInt(i++, q.before());
                }
                if (forUser.isValid()) {
                    p.setString(i++, topic);
                    p.setLong(i++, forUser.value());
                }
                p.setInt(i, q.limit());
                List<Message> out = new java.util.ArrayList<>(Math.min(q.limit(), 64));
                try (java.sql.ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Message(rs.getString(1), rs.getInt(2), instant(rs.getObject(3, java.time.LocalDateTime.class)),
                                new Uid(rs.getLong(4)), rs.getString(5), rs.getString(6), rs.getInt(7)));
                    }
                }
                return out;
            }
        }));
    }

    @Override
    public void deleteMessages(String topic, int delId, Uid forUser, List<SeqRange> ranges, Instant hardCutoff) {
        Uid who = forUser == null ? Uid.ZERO : forUser;
        try {
            Db.tx(db(), d -> {
                if (d.fetchCount(T.TOPICS, T.NAME.eq(topic)) == 0) {
                    throw new StoreException(StoreException.Kind.TOPIC_NOT_FOUND, "no topic " + topic);
                }
                for (SeqRange r : ranges) {
                    d.insertInto(T.DELLOG).set(T.TOPIC, topic).set(T.DELID, delId).set(T.DELETEDFOR, who.value())
                            .set(T.LOW, r.low()).set(T.HI, r.hi()).execute();
                }
                if (!who.isValid()) {
                    for (SeqRange r : ranges) {
                        Condition c = T.TOPIC.eq(topic).and(T.SEQID.ge(r.low())).and(T.SEQID.lt(r.end()))
                                .and(T.DELID.eq(0));
                        if (hardCutoff != null) {
                            c = c.and(T.CREATEDAT.ge(utc(hardCutoff)));
                        }
                        // The references of exactly the messages this delete wipes (Go's
                        // messageDeleteList), before the wipe marks them.
                        org.jooq.Field<Integer> mseq = T.q("m", T.SEQID);
                        Condition inRange = T.q("m", T.TOPIC).eq(topic).and(mseq.ge(r.low())).and(mseq.lt(r.end()))
                                .and(T.q("m", T.DELID).eq(0));
                        if (hardCutoff != null) {
                            inRange = inRange.and(T.q("m", T.CREATEDAT).ge(utc(hardCutoff)));
                        }
                        d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(topic)).and(T.SEQID.in(
                                DSL.select(mseq).from(T.MESSAGES.as(DSL.unquotedName("m"))).where(inRange)))
                                .execute();
                        d.update(T.MESSAGES).setNull(T.HEAD).setNull(T.CONTENT).set(T.DELID, delId).where(c).execute();
                    }
                    d.update(T.TOPICS).set(T.DELID, DSL.greatest(T.DELID, DSL.val(delId))).where(T.NAME.eq(topic)).execute();
                } else {
                    d.update(T.SUBS).set(T.DELID, DSL.greatest(T.DELID, DSL.val(delId)))
                            .where(T.TOPIC.eq(topic)).and(T.USERID.eq(who.value())).execute();
                }
                return null;
            });
        } finally {
            topics.invalidate(topic);
        }
    }

    @Override
    public List<DelLogEntry> getDeletions(String topic, Uid forUser, int since, int before, int limit) {
        Condition c = T.TOPIC.eq(topic).and(T.DELETEDFOR.eq(0L).or(T.DELETEDFOR.eq(forUser.value())));
        if (since > 0) {
            c = c.and(T.DELID.ge(since));
        }
        if (before > 0) {
            c = c.and(T.DELID.lt(before));
        }
        Condition where = c;
        return Db.run(db(), d -> d.select(T.TOPIC, T.DELID, T.DELETEDFOR, T.LOW, T.HI).from(T.DELLOG).where(where)
                .orderBy(T.DELID, T.LOW).limit(limit).fetch())
                .map(r -> new DelLogEntry(r.get(T.TOPIC), r.get(T.DELID), new Uid(r.get(T.DELETEDFOR)),
                        new SeqRange(r.get(T.LOW), r.get(T.HI))));
    }

    // ---- file references ----

    @Override
    public void linkFiles(String owner, Collection<String> fileIds) {
        Db.tx(db(), d -> {
            d.deleteFrom(T.FILELINKS).where(T.TOPIC.eq(owner)).and(T.SEQID.eq(0)).execute();
            for (String id : new java.util.LinkedHashSet<>(fileIds)) {
                d.insertInto(T.FILELINKS).set(T.TOPIC, owner).set(T.SEQID, 0).set(T.FILEID, id).execute();
            }
            return null;
        });
    }

    /** Asked in slices, so that garbage collection of a large folder never builds a huge IN list. */
    @Override
    public java.util.Set<String> referencedFiles(Collection<String> fileIds) {
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(fileIds));
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < all.size(); i += 500) {
            List<String> slice = all.subList(i, Math.min(all.size(), i + 500));
            out.addAll(Db.run(db(), d -> d.selectDistinct(T.FILEID).from(T.FILELINKS).where(T.FILEID.in(slice))
                    .fetch(T.FILEID)));
        }
        return out;
    }

    // ---- search ----

    @Override
    public List<TagMatch> findByTags(List<String> allOf, List<String> anyOf, boolean includeInactive, int limit) {
        if (allOf.isEmpty() && anyOf.isEmpty()) {
            return List.of();
        }
        List<String> wanted = new ArrayList<>(allOf);
        anyOf.stream().filter(t -> !wanted.contains(t)).forEach(wanted::add);
        Map<String, List<String>> hits = new LinkedHashMap<>();
        Db.run(db(), d -> {
            org.jooq.Field<Long> ut = T.q("usertags", T.USERID);
            org.jooq.Field<String> utag = T.q("usertags", T.TAG);
            var userRows = d.select(ut, utag).from(T.USERTAGS)
                    .join(T.USERS).on(T.q("users", T.ID).eq(ut))
                    .where(utag.in(wanted))
                    .and(includeInactive ? DSL.trueCondition() : T.q("users", T.STATE).eq(ObjectState.OK.value()))
                    .fetch();
            for (Record r : userRows) {
                hits.computeIfAbsent(new Uid(r.get(ut)).userId(), k -> new ArrayList<>()).add(r.get(utag));
            }
            org.jooq.Field<String> tt = T.q("topictags", T.TOPIC);
            org.jooq.Field<String> ttag = T.q("topictags", T.TAG);
            var topicRows = d.select(tt, ttag).from(T.TOPICTAGS)
                    .join(T.TOPICS).on(T.q("topics", T.NAME).eq(tt))
                    .where(ttag.in(wanted))
                    .and(tt.like("grp%"))
                    .and(includeInactive ? DSL.trueCondition() : T.q("topics", T.STATE).eq(ObjectState.OK.value()))
                    .fetch();
            for (Record r : topicRows) {
                hits.computeIfAbsent(r.get(tt), k -> new ArrayList<>()).add(r.get(ttag));
            }
            return null;
        });
        List<TagMatch> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : hits.entrySet()) {
            List<String> tags = e.getValue();
            if (!tags.containsAll(allOf)) {
                continue;
            }
            if (!anyOf.isEmpty() && anyOf.stream().noneMatch(tags::contains)) {
                continue;
            }
            List<String> matched = new ArrayList<>(allOf);
            tags.stream().filter(t -> !matched.contains(t)).forEach(matched::add);
            out.add(new TagMatch(e.getKey(), matched));
        }
        out.sort(java.util.Comparator.comparingInt((TagMatch m) -> -m.matched().size()).thenComparing(TagMatch::name));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    @Override
    public Optional<String> findTagOwner(String tag) {
        return Db.run(db(), d -> {
            Record u = d.select(T.USERID).from(T.USERTAGS).where(T.TAG.eq(tag)).limit(1).fetchOne();
            if (u != null) {
                return Optional.of(new Uid(u.get(T.USERID)).userId());
            }
            Record t = d.select(T.TOPIC).from(T.TOPICTAGS).where(T.TAG.eq(tag)).limit(1).fetchOne();
            return t == null ? Optional.<String>empty() : Optional.of(t.get(T.TOPIC));
        });
    }

    // ---- devices ----

    @Override
    public void upsertDevice(Uid uid, Device dev) {
        Db.tx(db(), d -> {
            int n = d.update(T.DEVICES).set(T.PLATFORM, dev.platform()).set(T.LASTSEEN, utc(dev.lastSeen()))
                    .set(T.LANG, dev.lang()).where(T.USERID.eq(uid.value())).and(T.DEVICEID.eq(dev.deviceId())).execute();
            if (n == 0) {
                d.insertInto(T.DEVICES).set(T.USERID, uid.value()).set(T.DEVICEID, dev.deviceId())
                        .set(T.PLATFORM, dev.platform()).set(T.LASTSEEN, utc(dev.lastSeen())).set(T.LANG, dev.lang())
                        .execute();
            }
            return null;
        });
    }

    @Override
    public void deleteDevice(Uid uid, String deviceId) {
        Db.run(db(), d -> d.deleteFrom(T.DEVICES).where(T.USERID.eq(uid.value())).and(T.DEVICEID.eq(deviceId)).execute());
    }

    @Override
    public List<Device> getDevices(Uid uid) {
        return Db.run(db(), d -> d.select(T.DEVICE_FIELDS).from(T.DEVICES).where(T.USERID.eq(uid.value())).fetch())
                .map(r -> new Device(r.get(T.DEVICEID), r.get(T.PLATFORM), instant(r.get(T.LASTSEEN)), r.get(T.LANG)));
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
        private Duration socketTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * How long a request waits on a database that stopped answering (a network that drops
         * packets instead of resetting connections) before failing with a 500; default 10 s, as
         * Tinode's {@code sql_timeout}. Set as the MySQL/MariaDB or PostgreSQL driver's socket
         * timeout on the pool this store builds ({@link Duration#ZERO} leaves the driver's default,
         * none); embedded H2 and a host's {@code DataSource} are left alone. Longer than any query
         * the store runs, so it only ends waits on a dead peer.
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

        /**
         * Connections in the pool this store builds; default 10, at least 2: the schema migration at
         * {@link #open()} holds two at once (Flyway's lock and its work), so one would hang there.
         */
        public Builder poolSize(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("poolSize must be at least 2 (schema migration needs two): " + n);
            }
            this.poolSize = n;
            return this;
        }

        /**
         * How long a request waits for a connection before failing with a 500 (e.g. while the
         * database is down); default 5 s.
         */
        public Builder connectionTimeout(Duration d) {
            if (d == null || d.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms: " + d);
            }
            this.connectionTimeout = d;
            return this;
        }

        /**
         * How often an embedded H2 file database opened with {@code WRITE_DELAY=0} (as
         * {@link JdbcStore#h2File} does) gets its chunks compacted, which H2 itself stops doing
         * with that setting; default 250 ms, {@link Duration#ZERO} turns it off. Without it the file
         * and H2's per-chunk heap grow without bound on a long-running server. Other databases
         * ignore it.
         */
        public Builder h2Housekeeping(Duration period) {
            if (period == null || period.isNegative()) {
                throw new IllegalArgumentException("h2Housekeeping must be zero or positive: " + period);
            }
            this.h2Housekeeping = period;
            return this;
        }

        /** Cache users, topics and auth records in memory; default true. */
        public Builder caching(boolean v) {
            this.caching = v;
            return this;
        }

        public JdbcStore build() {
            if (dataSource != null) {
                return new JdbcStore(dataSource, false, caching, h2Housekeeping);
            }
            if (url == null) {
                throw new IllegalArgumentException("either url or dataSource must be set");
            }
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(url);
            if (user != null) {
                hc.setUsername(user);
            }
            if (password != null) {
                hc.setPassword(password);
            }
            hc.setMaximumPoolSize(poolSize);
            hc.setConnectionTimeout(connectionTimeout.toMillis());
            hc.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 3000));
            // Start even when the database is down; requests fail until it is back.
            hc.setInitializationFailTimeout(-1);
            if (!socketTimeout.isZero()) {
                // Without it a blackholed database hangs every topic actor waiting on it for good.
                if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
                    hc.addDataSourceProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
                } else if (url.startsWith("jdbc:postgresql:")) {
                    hc.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
                }
            }
            hc.setPoolName("tinodej-store");
            hc.setExceptionOverrideClassName(BrokenConnections.class.getName());
            return new JdbcStore(new HikariDataSource(hc), true, caching, h2Housekeeping);
        }
    }
}

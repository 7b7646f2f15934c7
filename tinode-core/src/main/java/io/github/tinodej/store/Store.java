package io.github.tinodej.store;

import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Credential;
import io.github.tinodej.model.DelLogEntry;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Message;
import io.github.tinodej.model.MessageQuery;
import io.github.tinodej.model.SeqRange;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.TagMatch;
import io.github.tinodej.model.TopicRecord;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence SPI: a thin adapter that stores and fetches records; all business rules live in the
 * engine (as in Tinode's {@code server/store/adapter}).
 *
 * <p>Threading: called from the engine's worker pool, never from transport I/O threads; methods may
 * block. Implementations must be thread-safe. Failures are reported as {@link StoreException}:
 * {@link StoreException.Kind#DUPLICATE} for unique-key collisions, {@link StoreException.Kind#INTERNAL}
 * for anything else.
 *
 * <p>Lifecycle: the server calls {@link #open()} on start and {@link #close()} on stop; a store the
 * host shares between servers may make {@code close} a no-op.
 */
public interface Store extends AutoCloseable {

    /** Prepares the store (creates the schema, connects). Called once by {@code TinodeServer.start()}. */
    default void open() {
    }

    /** Name reported in {@code {hi}.params.build}, e.g. {@code mysql}. */
    String adapterName();

    /**
     * Checks that the store answers now, for readiness probes: returns quietly or throws a
     * {@link StoreException}. Must give up within a few seconds. Default: always ready (a store in
     * memory).
     */
    default void ping() {
    }

    // ---- users ----

    /** Inserts a new user. */
    void createUser(User user);

    /** The user, including suspended and soft-deleted ones. */
    Optional<User> getUser(Uid uid);

    /** Replaces the stored user record with {@code user} (matched by id). */
    void updateUser(User user);

    /**
     * Records when the user's last session left and with which client (Tinode's
     * {@code UserUpdateLastSeen}), once per session that leaves {@code me}: a store may write it
     * later, as long as its reads return it at once and it never replaces a later time. The default
     * reads the user and {@link #updateUser updates} it.
     */
    default void updateLastSeen(Uid uid, java.time.Instant when, String userAgent) {
        getUser(uid).ifPresent(u -> updateUser(u.withLastSeen(when, userAgent)));
    }

    /**
     * Deletes the user's account. {@code hard} removes the user's records, the file references of
     * the user's description among them; otherwise the user is marked
     * {@link io.github.tinodej.model.ObjectState#DELETED}. Auth records and devices are always
     * removed.
     */
    void deleteUser(Uid uid, boolean hard);

    /** The users among {@code uids} that exist, in no particular order. */
    default List<User> getUsers(Collection<Uid> uids) {
        List<User> out = new ArrayList<>();
        for (Uid u : uids) {
            getUser(u).ifPresent(out::add);
        }
        return out;
    }

    // ---- authentication records ----

    /** Adds a record; throws {@link StoreException.Kind#DUPLICATE} if {@code unique} is taken. */
    void addAuthRecord(AuthRecord record);

    /** The record with this unique key ({@code basic:alice}). */
    Optional<AuthRecord> getAuthRecordByUnique(String unique);

    /** The user's record for a scheme. */
    Optional<AuthRecord> getAuthRecord(Uid uid, String scheme);

    /**
     * Replaces the user's record for {@code record.scheme()}; the unique key may change, in which
     * case a collision throws {@link StoreException.Kind#DUPLICATE}.
     */
    void updateAuthRecord(AuthRecord record);

    /** Removes all the user's records of one scheme, or of every scheme when {@code scheme} is null. */
    void deleteAuthRecords(Uid uid, String scheme);

    // ---- subscriptions ----

    /** Inserts or replaces the subscription keyed by ({@code topic}, {@code user}). */
    void upsertSubscription(Subscription sub);

    /** The subscription, including a soft-deleted one. */
    Optional<Subscription> getSubscription(String topic, Uid user);

    /** All the user's subscriptions, soft-deleted ones included. */
    List<Subscription> getUserSubscriptions(Uid user);

    /** All subscriptions to a topic, soft-deleted ones included. */
    List<Subscription> getTopicSubscriptions(String topic);

    // ---- topics ----

    /** Inserts a topic; {@link StoreException.Kind#DUPLICATE} if the name exists. */
    void createTopic(TopicRecord topic);

    /** The topic, including a soft-deleted one. */
    Optional<TopicRecord> getTopic(String name);

    /** The topics among {@code names} that exist, in no particular order. */
    default List<TopicRecord> getTopics(Collection<String> names) {
        List<TopicRecord> out = new ArrayList<>();
        for (String n : names) {
            getTopic(n).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Replaces the stored topic (matched by name) with {@code topic}, except {@code seqId} and
     * {@code touched}, which only {@link #saveMessage} advances, and {@code delId}, which only
     * {@link #deleteMessages} advances.
     */
    void updateTopic(TopicRecord topic);

    /**
     * Deletes a topic. {@code hard} removes the topic with its subscriptions, messages, delete log
     * and the file references of its messages and description; otherwise the topic is marked
     * {@link io.github.tinodej.model.ObjectState#DELETED}.
     */
    void deleteTopic(String name, boolean hard);

    // ---- messages ----

    /**
     * Stores a message durably, in one transaction with: the topic's {@code seqId} becoming
     * {@code msg.seq()} and {@code touched} becoming {@code msg.created()}, and the sender's
     * subscription (if any) getting {@code readSeq = recvSeq = msg.seq()}. When this returns the
     * message survives a crash; the server acknowledges the publisher only then.
     *
     * @throws StoreException {@code DUPLICATE} if the seq is taken, {@code TOPIC_NOT_FOUND}
     */
    void saveMessage(Message msg);

    /**
     * {@link #saveMessage(Message)}, recording in the same transaction that the message references
     * the uploads {@code fileIds} (its {@code extra.attachments}), so that a message acknowledged as
     * durable never points at a file garbage collection may take. The references go when the
     * message is hard-deleted or its topic is.
     *
     * <p>The default ignores {@code fileIds}: a store that records no references must also keep
     * the default {@link #referencedFiles}, which then keeps every upload.
     */
    default void saveMessage(Message msg, Collection<String> fileIds) {
        saveMessage(msg);
    }

    /**
     * {@link #saveMessage(Message, Collection)} without making the caller wait: the stage completes
     * once the message is durable, or fails with what {@code saveMessage} would have thrown. A topic
     * waits on it without holding a thread, so a store that commits on a writer of its own can put
     * the messages of many topics into one transaction (group commit) however few threads the
     * server has.
     *
     * <p>The default saves on the calling thread and returns a completed stage.
     */
    default java.util.concurrent.CompletionStage<Void> saveMessageAsync(Message msg, Collection<String> fileIds) {
        try {
            saveMessage(msg, fileIds);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Messages selected by {@code query}, newest first, at most {@code query.limit()}; hard-deleted
     * messages and those {@code forUser} soft-deleted are left out.
     */
    List<Message> getMessages(String topic, Uid forUser, MessageQuery query);

    /**
     * Records delete transaction {@code delId} atomically. A hard delete ({@code forUser} zero)
     * wipes head and content of the messages in {@code ranges} created at or after
     * {@code hardCutoff} (all when null), drops their file references, sets their {@code delId},
     * and advances the topic's {@code delId}; a soft delete advances {@code forUser}'s subscription
     * {@code delId}. Either way one {@link DelLogEntry} per range is stored.
     */
    void deleteMessages(String topic, int delId, Uid forUser, List<SeqRange> ranges, Instant hardCutoff);

    /**
     * Delete log entries visible to {@code forUser} (hard ones and the user's own soft ones) with
     * {@code since <= delId < before} (0 = unbounded), oldest first, at most {@code limit}.
     */
    List<DelLogEntry> getDeletions(String topic, Uid forUser, int since, int before, int limit);

    // ---- file references ----

    /**
     * Replaces the uploads the description of {@code owner} references (its avatar): a topic name,
     * or a user id ({@code usr...}) for the user's own profile. The previous references of that
     * description go in the same transaction, as in Tinode's {@code FileLinkAttachments}.
     *
     * <p>The default records nothing (see {@link #saveMessage(Message, Collection)}).
     */
    default void linkFiles(String owner, Collection<String> fileIds) {
    }

    /**
     * The ids among {@code fileIds} that some message or description references; the others may
     * be garbage-collected. The default answers all of them, so that a store which does not record
     * references never lets a referenced file be deleted.
     */
    default Set<String> referencedFiles(Collection<String> fileIds) {
        return new HashSet<>(fileIds);
    }

    // ---- search ----

    /**
     * Users and group topics whose tags include every tag of {@code allOf} and, when {@code anyOf}
     * is not empty, at least one of it; sorted by the number of matched tags, most first. Suspended
     * and deleted objects are left out unless {@code includeInactive}.
     */
    List<TagMatch> findByTags(List<String> allOf, List<String> anyOf, boolean includeInactive, int limit);

    /** The user ({@code usr...}) or topic owning a tag, for unique tags such as aliases. */
    Optional<String> findTagOwner(String tag);

    // ---- devices ----

    /**
     * Registers or refreshes a push device for the user. A token belongs to one user: registering
     * it removes it from any other (the previous account on a shared device stops getting pushes).
     */
    void upsertDevice(Uid uid, Device device);

    /** Removes a device; no error if absent. */
    void deleteDevice(Uid uid, String deviceId);

    /** The user's devices. */
    List<Device> getDevices(Uid uid);

    // ---- credentials (Tinode's CredUpsert ... CredFail) ----
    // Defaults throw UNSUPPORTED so a store written before credential validation keeps working
    // as long as no validator is configured.

    /**
     * Adds a credential claim, or renews the user's claim of the same value. An unvalidated claim
     * replaces (deactivates) the user's other unvalidated claims of the method, and fails with
     * {@link StoreException.Kind#DUPLICATE} if any user already validated the value. A validated
     * claim replaces the user's unvalidated claim of the same value, and fails with DUPLICATE if
     * another user validated it. Returns true if a new record was made.
     */
    default boolean upsertCredential(Credential credential) {
        throw unsupported("credentials");
    }

    /** The user's active (unvalidated, not deactivated) claim for the method. */
    default Optional<Credential> getActiveCredential(Uid user, String method) {
        throw unsupported("credentials");
    }

    /** The user's active credentials of the method ({@code null}: every method), validated only or all. */
    default List<Credential> getCredentials(Uid user, String method, boolean validatedOnly) {
        throw unsupported("credentials");
    }

    /**
     * Deletes credentials. {@code method} null: every credential of the user. {@code value} null:
     * every value of the method. A claim that was answered wrongly at least once is deactivated
     * rather than deleted, so its retry count keeps counting. Fails with NOT_FOUND if nothing matched.
     */
    default void deleteCredential(Uid user, String method, String value) {
        throw unsupported("credentials");
    }

    /**
     * Marks the user's active claim for the method validated; NOT_FOUND if there is none, DUPLICATE
     * if another user validated the same value first.
     */
    default void confirmCredential(Uid user, String method) {
        throw unsupported("credentials");
    }

    /** Counts one wrong answer against the user's active claim for the method. */
    default void failCredential(Uid user, String method) {
        throw unsupported("credentials");
    }

    /** The user who validated this value. */
    default Optional<Uid> getUserByCredential(String method, String value) {
        throw unsupported("credentials");
    }

    /**
     * Users who never logged in, were last updated before {@code before} and have no validated
     * credential: accounts abandoned before validation, oldest first.
     */
    default List<Uid> getUnvalidatedUsers(Instant before, int limit) {
        throw unsupported("credentials");
    }

    // ---- persistent cache (Tinode's PCache: reset codes and the like) ----

    /** The value under {@code key}. */
    default Optional<String> getCacheEntry(String key) {
        throw unsupported("the persistent cache");
    }

    /** Stores a value; with {@code failOnDuplicate}, DUPLICATE if the key exists, else it is replaced. */
    default void putCacheEntry(String key, String value, boolean failOnDuplicate) {
        throw unsupported("the persistent cache");
    }

    /** Deletes an entry; no error if absent. */
    default void deleteCacheEntry(String key) {
        throw unsupported("the persistent cache");
    }

    /** Deletes the entries whose key starts with {@code prefix} (not empty) written before {@code before}. */
    default void expireCacheEntries(String prefix, Instant before) {
        throw unsupported("the persistent cache");
    }

    // ---- administration (the launcher's stats and topic commands) ----

    /**
     * Row counts for an operator's overview, one entry per kind of record: {@code users},
     * {@code topics.grp}, {@code topics.p2p} (one key per topic name prefix), {@code subscriptions},
     * {@code messages}, {@code devices}, {@code credentials} and {@code files.referenced} (distinct
     * uploads some message or description references). Deleted records are counted too. A store
     * may leave out what it cannot count; the default counts nothing and throws UNSUPPORTED.
     */
    default Map<String, Long> counts() {
        throw unsupported("counts");
    }

    /**
     * Topic names after {@code after} (null: from the first) in name order, at most {@code limit},
     * soft-deleted topics included: a listing an operator can page through.
     */
    default List<String> topicNames(String after, int limit) {
        throw unsupported("a topic listing");
    }

    private StoreException unsupported(String what) {
        return new StoreException(StoreException.Kind.UNSUPPORTED, getClass().getSimpleName() + " does not keep " + what);
    }

    /** Releases resources. Must be idempotent. */
    @Override
    default void close() {
    }
}

package io.github.tinodej.store;

import io.github.tinodej.model.AuthRecord;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import java.util.List;
import java.util.Optional;

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

    // ---- users ----

    /** Inserts a new user. */
    void createUser(User user);

    /** The user, including suspended and soft-deleted ones. */
    Optional<User> getUser(Uid uid);

    /** Replaces the stored user record with {@code user} (matched by id). */
    void updateUser(User user);

    /**
     * Deletes the user's account. {@code hard} removes the user's records; otherwise the user is
     * marked {@link io.github.tinodej.model.ObjectState#DELETED}. Auth records and devices are always
     * removed.
     */
    void deleteUser(Uid uid, boolean hard);

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

    // ---- devices ----

    /** Registers or refreshes a push device for the user. */
    void upsertDevice(Uid uid, Device device);

    /** Removes a device; no error if absent. */
    void deleteDevice(Uid uid, String deviceId);

    /** The user's devices. */
    List<Device> getDevices(Uid uid);

    /** Releases resources. Must be idempotent. */
    @Override
    default void close() {
    }
}

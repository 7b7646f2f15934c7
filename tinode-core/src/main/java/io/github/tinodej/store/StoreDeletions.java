package io.github.tinodej.store;

import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What deleting an account or a topic does to the stored records (Tinode's {@code replyDelUser}
 * and {@code replyDelTopic} store steps), shared by the engine and by offline tools such as the
 * launcher's {@code user delete} and {@code topic delete}, so that both leave the same rows behind.
 * Live sessions are not touched here: the engine tells members and evicts sessions around these
 * calls; a tool working while the server is stopped has none to tell.
 *
 * <p>Blocking (store calls only); call from a pool thread or a command-line tool, never from an
 * actor. Throws what the store throws.
 */
public final class StoreDeletions {
    private StoreDeletions() {
    }

    /**
     * Deletes an account's stored state: its subscriptions are marked deleted, the groups it owns
     * are deleted (soft-deleted groups lose their live subscriptions, as in Go), then
     * {@link Store#deleteUser} drops the user with its auth records and devices. Authenticators
     * that keep records outside the store are the caller's to clear first.
     *
     * @param hard remove the records rather than mark them deleted
     */
    public static void deleteAccount(Store store, Uid user, boolean hard, Instant now) {
        List<String> owned = new ArrayList<>();
        for (Subscription sub : store.getUserSubscriptions(user)) {
            if (sub.deleted() == null) {
                store.upsertSubscription(sub.withDeleted(now));
            }
            if (sub.topic().startsWith("grp") && sub.given().isOwner()) {
                owned.add(sub.topic());
            }
        }
        for (String topic : owned) {
            store.getTopic(topic).filter(t -> t.owner().equals(user))
                    .ifPresent(t -> deleteTopic(store, topic, hard, now));
        }
        store.deleteUser(user, hard);
    }

    /**
     * Deletes a topic: {@link Store#deleteTopic}, and for a soft-deleted group every live
     * subscription (members and channel readers) marked deleted too, so members' chat lists drop
     * it (Go disables them with the topic). Only groups may be soft-deleted; callers pass
     * {@code hard} for every other kind, as Tinode does.
     */
    public static void deleteTopic(Store store, String name, boolean hard, Instant now) {
        store.deleteTopic(name, hard);
        if (!hard && name.startsWith("grp")) {
            disableGroupSubscriptions(store, name, now);
        }
    }

    /** Marks every live subscription to a group ({@code grp...}) and to its channel ({@code chn...}) deleted. */
    public static void disableGroupSubscriptions(Store store, String grp, Instant now) {
        for (String name : List.of(grp, "chn" + grp.substring(3))) {
            for (Subscription m : store.getTopicSubscriptions(name)) {
                if (m.deleted() == null) {
                    store.upsertSubscription(m.withDeleted(now));
                }
            }
        }
    }
}

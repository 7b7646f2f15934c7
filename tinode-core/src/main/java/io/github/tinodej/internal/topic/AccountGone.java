package io.github.tinodej.internal.topic;

import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Who must hear "gone" when an account is deleted (Go's {@code replyDelUser}): the members of
 * every group the user owned, which goes with the account, and the user's p2p peers. Go tells a
 * peer only when the p2p topic happened to be in memory; here every peer hears it, so a deleted
 * account leaves no conversation behind in its contacts' chat lists.
 */
public final class AccountGone {
    /**
     * One notice: {@code to} hears {@code {pres topic:"me" src what:"gone"}}.
     *
     * @param to the user to tell
     * @param src the topic as that user names it
     */
    public record Notice(Uid to, String src) {
    }

    private AccountGone() {
    }

    /**
     * Reads the notices from the store before the account's subscriptions are deleted. Blocking
     * (store reads); runs on a pool thread, never on an actor.
     */
    public static List<Notice> collect(Store store, Uid user) {
        List<Notice> out = new ArrayList<>();
        for (Subscription sub : store.getUserSubscriptions(user)) {
            if (sub.deleted() != null) {
                continue;
            }
            String topic = sub.topic();
            if (topic.startsWith("p2p")) {
                Uid[] pair = Names.p2pUsers(topic);
                if (pair != null) {
                    Uid peer = pair[0].equals(user) ? pair[1] : pair[0];
                    store.getSubscription(topic, peer).filter(s -> s.deleted() == null)
                            .ifPresent(s -> out.add(new Notice(peer, user.userId())));
                }
            } else if (topic.startsWith("grp") && sub.given().isOwner()) {
                membersOf(store, topic, user, out);
                membersOf(store, Names.chn(topic), user, out);
            }
        }
        return out;
    }

    private static void membersOf(Store store, String topic, Uid owner, List<Notice> out) {
        for (Subscription m : store.getTopicSubscriptions(topic)) {
            if (!m.user().equals(owner) && m.deleted() == null) {
                out.add(new Notice(m.user(), topic));
            }
        }
    }
}

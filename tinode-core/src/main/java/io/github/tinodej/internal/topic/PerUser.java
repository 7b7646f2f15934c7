package io.github.tinodej.internal.topic;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;

/** What a topic keeps per subscriber (Tinode's {@code perUserData}). Mutated only on the topic's actor. */
final class PerUser {
    final Uid uid;
    Subscription sub;
    /** Sessions of this user attached to the topic. */
    int online;
    /** True if this user reads a channel ({@code chn...}) rather than being a member. */
    boolean isChan;

    PerUser(Uid uid, Subscription sub, boolean isChan) {
        this.uid = uid;
        this.sub = sub;
        this.isChan = isChan;
    }

    boolean deleted() {
        return sub.deleted() != null;
    }

    AccessMode want() {
        return sub.want();
    }

    AccessMode given() {
        return sub.given();
    }

    AccessMode mode() {
        return deleted() ? AccessMode.NONE : sub.mode();
    }
}

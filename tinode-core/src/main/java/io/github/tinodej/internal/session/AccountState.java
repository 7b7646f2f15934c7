package io.github.tinodej.internal.session;

import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.List;

/**
 * Root's {@code {acc user:"usrX" status:"susp"|"ok"}}: suspends or restores an account (Tinode's
 * {@code changeUserState}). Suspending evicts every live session of the user with
 * {@code {ctrl 205 "evicted"}} and makes the user's loaded p2p topics and the groups they own
 * read-only; the account cannot log in again (password or token) until it is restored.
 */
final class AccountState {
    private AccountState() {
    }

    /** Caller checked that the session is root and that {@code msg.status} is set. */
    static void change(Session s, ClientMessage.Acc msg, Uid target, Instant now) {
        ObjectState state = ObjectState.ofWireName(msg.status).orElse(null);
        if (state == null || state == ObjectState.DELETED) {
            // Deleting an account is {del what:"user"}, which also ends its subscriptions.
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        LoginHandler.offload(s, () -> {
            User user = s.services.store().getUser(target)
                    .orElseThrow(() -> new StoreException(StoreException.Kind.USER_NOT_FOUND, "no such user"));
            if (user.state() == state) {
                return false;
            }
            // Stored before anyone is evicted, so that an evicted client logging straight back in
            // meets the new state.
            s.services.store().updateUser(user.withState(state, now));
            return true;
        }, (changed, err) -> {
            if (err != null) {
                s.reply(msg.id, null, null, ErrorMap.toCtrl(err), now);
                return;
            }
            if (!changed) {
                s.reply(msg.id, null, null, Ctrl.NOT_MODIFIED, now);
                return;
            }
            boolean suspended = state != ObjectState.OK;
            s.hub.userSuspended(target, suspended);
            // The reply goes out first: root may have suspended itself, and then this session is
            // evicted with the rest.
            s.reply(msg.id, null, null, Ctrl.OK, now);
            AccountEvents.updated(s, target);
            if (suspended) {
                evict(s, target, now);
            }
        });
    }

    /** Ends every live session of {@code uid} (Tinode's {@code EvictUser}), this one included. */
    static void evict(Session s, Uid uid, Instant now) {
        // Sessions of the user on other nodes of a cluster too.
        s.hub.evictElsewhere(uid);
        for (Session other : List.copyOf(s.registry.sessionsOf(uid))) {
            other.reply(null, null, null, Ctrl.EVICTED, now);
            other.closeAfterFlush();
        }
    }
}

package io.github.tinodej.internal.session;

import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.plugin.AccountEvent;
import io.github.tinodej.plugin.Crud;

/** Go's {@code pluginAccount}: plugins hear of accounts created and updated over {@code {acc}}. */
final class AccountEvents {
    private AccountEvents() {
    }

    /** A new account, as created. */
    static void created(Session s, User user) {
        s.services.plugins().account(Crud.CREATE, () -> event(Crud.CREATE, user));
    }

    /** An account changed (login, credentials or state); read back only if a plugin wants it. */
    static void updated(Session s, Uid uid) {
        s.services.plugins().account(Crud.UPDATE, () -> s.services.store().getUser(uid)
                .map(u -> event(Crud.UPDATE, u))
                .orElse(new AccountEvent(Crud.UPDATE, uid.userId(), "", "", null, java.util.List.of())));
    }

    private static AccountEvent event(Crud action, User u) {
        return new AccountEvent(action, u.uid().userId(), u.access().auth().toString(), u.access().anon().toString(),
                u.publicJson(), u.tags());
    }
}

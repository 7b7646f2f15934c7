package io.github.tinodej.store;

import io.github.tinodej.model.Credential;
import io.github.tinodej.model.Uid;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * {@link MemoryStore}'s credential records, with the uniqueness rules of Tinode's SQL adapters: a
 * validated value once across users, an unvalidated one once per user. Not thread-safe: the memory
 * store calls it under its own lock.
 */
final class MemoryCredentials {
    /** One row; {@code deactivated} is Tinode's deletedat on unvalidated claims. */
    private static final class Row {
        Credential cred;
        boolean deactivated;

        Row(Credential cred) {
            this.cred = cred;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Clock clock;

    MemoryCredentials(Clock clock) {
        this.clock = clock;
    }

    boolean upsert(Credential c) {
        if (!c.done()) {
            if (validated(c.method(), c.value()).isPresent()) {
                throw new StoreException(StoreException.Kind.DUPLICATE, "credential already validated");
            }
            Row same = null;
            for (Row r : rows) {
                if (r.cred.user().equals(c.user()) && r.cred.method().equals(c.method()) && !r.cred.done()) {
                    r.deactivated = true;
                    if (r.cred.value().equals(c.value())) {
                        same = r;
                    }
                }
            }
            if (same != null) {
                // Renewed: active again with the new code; the retry count stays.
                same.deactivated = false;
                same.cred = new Credential(c.user(), c.method(), c.value(), c.response(), false, same.cred.retries(),
                        same.cred.created(), c.updated());
                return false;
            }
        } else {
            Optional<Row> taken = validated(c.method(), c.value());
            if (taken.isPresent()) {
                throw new StoreException(StoreException.Kind.DUPLICATE, "credential already validated");
            }
            rows.removeIf(r -> r.cred.user().equals(c.user()) && r.cred.method().equals(c.method())
                    && r.cred.value().equals(c.value()) && !r.cred.done());
        }
        rows.add(new Row(new Credential(c.user(), c.method(), c.value(), c.response(), c.done(), 0,
                c.created(), c.updated())));
        return true;
    }

    Optional<Credential> active(Uid user, String method) {
        return rows.stream().filter(r -> !r.deactivated && !r.cred.done() && r.cred.user().equals(user)
                && r.cred.method().equals(method)).map(r -> r.cred).findFirst();
    }

    List<Credential> list(Uid user, String method, boolean validatedOnly) {
        return rows.stream().filter(r -> !r.deactivated && r.cred.user().equals(user)
                && (method == null || r.cred.method().equals(method)) && (!validatedOnly || r.cred.done()))
                .map(r -> r.cred).toList();
    }

    void delete(Uid user, String method, String value) {
        if (method == null) {
            if (!rows.removeIf(r -> r.cred.user().equals(user))) {
                throw notFound();
            }
            return;
        }
        boolean removed = false;
        for (Iterator<Row> it = rows.iterator(); it.hasNext();) {
            Row r = it.next();
            if (matches(r, user, method, value) && (r.cred.done() || r.cred.retries() == 0)) {
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            return;
        }
        // Claims answered wrongly stay, deactivated, so deleting and re-adding does not reset retries.
        rows.stream().filter(r -> matches(r, user, method, value)).forEach(r -> r.deactivated = true);
        throw notFound();
    }

    void confirm(Uid user, String method) {
        Row row = rows.stream().filter(r -> !r.deactivated && !r.cred.done() && r.cred.user().equals(user)
                && r.cred.method().equals(method)).findFirst().orElseThrow(MemoryCredentials::notFound);
        if (validated(method, row.cred.value()).isPresent()) {
            throw new StoreException(StoreException.Kind.DUPLICATE, "credential already validated");
        }
        Credential c = row.cred;
        row.cred = new Credential(c.user(), c.method(), c.value(), c.response(), true, c.retries(), c.created(),
                clock.instant());
    }

    void fail(Uid user, String method) {
        for (Row r : rows) {
            if (r.cred.user().equals(user) && r.cred.method().equals(method) && !r.cred.done()) {
                Credential c = r.cred;
                r.cred = new Credential(c.user(), c.method(), c.value(), c.response(), false, c.retries() + 1,
                        c.created(), clock.instant());
            }
        }
    }

    Optional<Uid> owner(String method, String value) {
        return validated(method, value).map(r -> r.cred.user());
    }

    boolean hasValidated(Uid user) {
        return rows.stream().anyMatch(r -> r.cred.done() && r.cred.user().equals(user));
    }

    private Optional<Row> validated(String method, String value) {
        return rows.stream().filter(r -> r.cred.done() && r.cred.method().equals(method) && r.cred.value().equals(value))
                .findFirst();
    }

    private static boolean matches(Row r, Uid user, String method, String value) {
        return r.cred.user().equals(user) && r.cred.method().equals(method) && (value == null || r.cred.value().equals(value));
    }

    private static StoreException notFound() {
        return new StoreException(StoreException.Kind.NOT_FOUND, "no such credential");
    }
}

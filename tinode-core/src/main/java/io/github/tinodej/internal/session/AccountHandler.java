package io.github.tinodej.internal.session;

import com.google.gson.JsonObject;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.internal.Attachments;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.JsonValues;
import io.github.tinodej.internal.Tags;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.codec.Frames;
import io.github.tinodej.internal.topic.AccountGone;
import io.github.tinodej.internal.topic.Descs;
import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.Subscription;
import io.github.tinodej.model.Uid;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreDeletions;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** {@code {acc}}: account creation and update (Tinode's {@code replyCreateUser}, {@code replyUpdateUser}). */
final class AccountHandler {
    /** Mode of a user's own {@code me} and {@code fnd} subscriptions. */
    static final AccessMode SELF_MODE = AccessMode.parse("JPS");

    private AccountHandler() {
    }

    /** @param asUser the user the request acts as: the session's, or root's {@code extra.obo} */
    static void acc(Session s, ClientMessage.Acc msg, Uid asUser, Instant now) {
        boolean create = msg.user != null && msg.user.startsWith("new");
        if (!create && msg.tmpscheme != null && !msg.tmpscheme.isEmpty()) {
            if (s.isAuthenticated()) {
                s.reply(msg.id, null, null, Ctrl.ALREADY_AUTHENTICATED, now);
                return;
            }
            Authenticator tmp = s.services.authenticator(msg.tmpscheme.toLowerCase(Locale.ROOT));
            if (tmp == null) {
                s.reply(msg.id, null, null, Ctrl.AUTH_UNKNOWN_SCHEME, now);
                return;
            }
            byte[] secret = decode(msg.tmpsecret);
            String remote = s.remoteAddress();
            if (!s.services.throttle().mayTryLogin(remote, null)) {
                s.reply(msg.id, null, null, Ctrl.TOO_MANY_REQUESTS, now);
                return;
            }
            LoginHandler.offload(s, () -> tmp.authenticate(secret, remote), (rec, err) -> {
                if (err != null) {
                    // A one-off secret tried like a password counts like a failed login.
                    s.services.throttle().loginFailed(remote, null);
                    s.reply(msg.id, null, Frames.what("auth"), ErrorMap.toCtrl(err), now);
                } else {
                    update(s, msg, rec, asUser, now);
                }
            });
            return;
        }
        if (create) {
            create(s, msg, now);
        } else {
            update(s, msg, null, asUser, now);
        }
    }

    // ---- create ----

    private static void create(Session s, ClientMessage.Acc msg, Instant now) {
        boolean login = Boolean.TRUE.equals(msg.login);
        if (login && s.isAuthenticated()) {
            s.reply(msg.id, null, null, Ctrl.ALREADY_AUTHENTICATED, now);
            return;
        }
        String scheme = msg.scheme == null ? "" : msg.scheme.toLowerCase(Locale.ROOT);
        Authenticator auth = s.services.authenticator(scheme);
        if (auth == null) {
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        if (!s.services.throttle().mayCreateAccount(s.remoteAddress())) {
            // Account-creation spam (anonymous accounts above all) from one address.
            s.reply(msg.id, null, null, Ctrl.TOO_MANY_REQUESTS, now);
            return;
        }
        ObjectState state = ObjectState.OK;
        if (msg.status != null && !msg.status.isEmpty()) {
            if (s.authLevel() != AuthLevel.ROOT) {
                s.reply(msg.id, null, Frames.what("state"), Ctrl.PERMISSION_DENIED, now);
                return;
            }
            state = ObjectState.ofWireName(msg.status).orElse(null);
            if (state == null || state == ObjectState.DELETED) {
                s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
                return;
            }
        }
        List<String> tags = Tags.normalize(msg.tags, s.services.config().limits().maxTagCount());
        if (tags != null) {
            for (String t : tags) {
                if (Tags.inNamespaces(t, restrictedNamespaces(s))) {
                    s.reply(msg.id, null, Frames.what("tags"), Ctrl.PERMISSION_DENIED, now);
                    return;
                }
            }
        }
        List<ClientMessage.Cred> creds = CredFlows.forSignUp(s, msg);
        DefaultAccess access = defaultUserAccess(s);
        String pub = null;
        String priv = null;
        if (msg.desc != null) {
            if (msg.desc.defacs != null) {
                access = maskUserAccess(s, access, msg.desc.defacs);
            }
            pub = JsonValues.initial(msg.desc.pub);
            priv = JsonValues.initial(msg.desc.priv);
        }
        byte[] secret = decode(msg.secret);
        String remote = s.remoteAddress();
        User draft = new User(new Uid(s.services.randomId()), now, now, state, null, access, pub, null,
                tags, null, null);
        String privJson = priv;
        // Sign-up avatars are uploaded before the account exists, with no owner; whoever is
        // creating the account may also use their own uploads (a root creating accounts).
        Uid creator = s.uid();
        List<String> avatar = msg.attachments;
        LoginHandler.offload(s, () -> {
            Created r = createOnPool(s, auth, draft, privJson, secret, remote, creds);
            Attachments.linkDescription(s.services.config().media(), s.services.store(), creator, r.user.uid().userId(),
                    avatar, true);
            return r;
        }, (r, err) -> {
            if (err instanceof CredFlows.CredRejected c) {
                s.reply(msg.id, null, Frames.what(c.method), ErrorMap.toCtrl(c.getCause()), now);
                return;
            }
            if (err instanceof CredFlows.MissingCreds m) {
                s.reply(msg.id, null, m.params(), Ctrl.POLICY, now);
                return;
            }
            if (err != null) {
                s.reply(msg.id, null, err instanceof Unacceptable u ? Frames.what("auth") : null,
                        ErrorMap.toCtrl(err instanceof Unacceptable u ? u.getCause() : err), now);
                return;
            }
            AccountEvents.created(s, r.user);
            JsonObject extra = new JsonObject();
            extra.add("desc", Descs.newAccountDesc(r.user, r.privateJson));
            if (login) {
                LoginHandler.complete(s, msg.id, r.auth, now, extra, r.missing);
            } else {
                JsonObject p = new JsonObject();
                p.addProperty("user", r.user.uid().userId());
                p.addProperty("authlvl", r.auth.level().wireName());
                p.add("desc", extra.get("desc"));
                s.reply(msg.id, null, p, Ctrl.CREATED, now);
            }
        });
    }

    /** Marks a uniqueness/policy failure, answered with {@code params.what = "auth"}. */
    private static final class Unacceptable extends RuntimeException {
        Unacceptable(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private record Created(User user, String privateJson, AuthResult auth, List<String> missing) {
    }

    /** Runs on the auth pool. Creates user, credential, and the {@code me}/{@code fnd} subscriptions. */
    private static Created createOnPool(Session s, Authenticator auth, User draft, String privateJson,
            byte[] secret, String remote, List<ClientMessage.Cred> creds) {
        try {
            if (!auth.isUnique(secret, remote)) {
                throw new StoreException(StoreException.Kind.DUPLICATE, "login taken");
            }
        } catch (StoreException e) {
            throw new Unacceptable(e);
        }
        CredFlows.precheck(s, creds);
        Store store = s.services.store();
        store.createUser(draft);
        AuthResult r;
        try {
            r = auth.addRecord(draft.uid(), AuthLevel.AUTH, secret, remote);
        } catch (RuntimeException e) {
            deleteQuietly(store, draft.uid());
            throw e;
        }
        User user = draft;
        List<String> missing;
        try {
            var added = CredFlows.addOnCreate(s, draft.uid(), r.level(), creds, draft.created());
            missing = CredFlows.missingAfterCreate(s, r.level(), added);
            List<String> extraTags = new ArrayList<>(added.tags());
            if (r.tag() != null) {
                extraTags.add(r.tag());
            }
            extraTags.removeAll(user.tags());
            if (!extraTags.isEmpty()) {
                List<String> t = new ArrayList<>(user.tags());
                t.addAll(extraTags);
                t.sort(null);
                user = user.withTags(t, draft.updated());
                store.updateUser(user);
            }
            Instant now = draft.created();
            store.upsertSubscription(new Subscription(user.uid().userId(), user.uid(), now, now, null,
                    SELF_MODE, SELF_MODE, privateJson, 0, 0, 0));
            store.upsertSubscription(new Subscription("fnd" + user.uid().encoded(), user.uid(), now, now, null,
                    SELF_MODE, SELF_MODE, null, 0, 0, 0));
        } catch (RuntimeException e) {
            deleteQuietly(store, draft.uid());
            throw e;
        }
        return new Created(user, privateJson, r, missing);
    }

    private static void deleteQuietly(Store store, Uid uid) {
        try {
            store.deleteUser(uid, true);
        } catch (RuntimeException e) {
            System.getLogger(AccountHandler.class.getName())
                    .log(System.Logger.Level.WARNING, "failed to remove half-created user " + uid, e);
        }
    }

    // ---- update ----

    private static void update(Session s, ClientMessage.Acc msg, AuthResult tmp, Uid asUser, Instant now) {
        if (!s.isAuthenticated() && tmp == null) {
            s.reply(msg.id, null, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        Uid uid = tmp != null ? tmp.uid() : asUser;
        // The level whose required credentials apply: the temporary secret's or the session's;
        // for root editing someone else, the level root names in acc.authlevel (Go).
        AuthLevel level = tmp != null ? tmp.level() : s.authLevel();
        if (msg.user != null && !msg.user.isEmpty() && !msg.user.equals(uid.userId())) {
            if (s.authLevel() != AuthLevel.ROOT) {
                s.reply(msg.id, null, null, Ctrl.PERMISSION_DENIED, now);
                return;
            }
            uid = Uid.parseUserId(msg.user);
            level = Dispatcher.goAuthLevel(msg.authlevel);
        }
        if (!uid.isValid()) {
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        if (msg.status != null && !msg.status.isEmpty() && s.authLevel() != AuthLevel.ROOT) {
            s.reply(msg.id, null, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        // Go's order: a scheme update first, then credentials, then the account state.
        boolean noScheme = msg.scheme == null || msg.scheme.isEmpty();
        if (noScheme && msg.cred != null && !msg.cred.isEmpty()) {
            CredFlows.accUpdate(s, msg, uid, level, now);
            return;
        }
        if (noScheme && msg.status != null && !msg.status.isEmpty()) {
            AccountState.change(s, msg, uid, now);
            return;
        }
        if (noScheme) {
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        Authenticator auth = s.services.authenticator(msg.scheme.toLowerCase(Locale.ROOT));
        if (auth == null) {
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        Uid target = uid;
        byte[] secret = decode(msg.secret);
        String remote = s.remoteAddress();
        LoginHandler.offload(s, () -> {
            if (s.services.store().getUser(target).isEmpty()) {
                throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no such user");
            }
            return auth.updateRecord(target, secret, remote);
        }, (r, err) -> {
            if (err != null) {
                s.reply(msg.id, null, null, ErrorMap.toCtrl(err), now);
                return;
            }
            if (r.tag() != null) {
                s.hub.replaceUserTag(target, auth.scheme(), r.tag());
            }
            s.reply(msg.id, null, null, Ctrl.OK, now);
            AccountEvents.updated(s, target);
        });
    }

    // ---- delete ----

    /** {@code {del what:"user"}}: the account, its credentials and subscriptions (Tinode's {@code replyDelUser}). */
    static void deleteUser(Session s, ClientMessage.Del msg, Instant now) {
        Uid uid;
        if (msg.user == null || msg.user.isEmpty() || msg.user.equals(s.uid().userId())) {
            if (s.services.config().permanentAccounts() && s.authLevel() != AuthLevel.ROOT) {
                s.reply(msg.id, null, null, Ctrl.POLICY, now);
                return;
            }
            uid = s.uid();
        } else if (s.authLevel() == AuthLevel.ROOT) {
            uid = Uid.parseUserId(msg.user);
            if (!uid.isValid()) {
                s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
                return;
            }
        } else {
            s.reply(msg.id, null, null, Ctrl.PERMISSION_DENIED, now);
            return;
        }
        boolean hard = Boolean.TRUE.equals(msg.hard);
        Uid target = uid;
        LoginHandler.offload(s, () -> {
            Store store = s.services.store();
            if (store.getUser(target).isEmpty()) {
                throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no such user");
            }
            deleteAuthRecords(s, target);
            List<AccountGone.Notice> notices = AccountGone.collect(store, target);
            // The same store steps as the launcher's offline "user delete".
            StoreDeletions.deleteAccount(store, target, hard, now);
            return notices;
        }, (notices, err) -> {
            if (err != null) {
                s.reply(msg.id, null, null, err instanceof RecordsKept ? Ctrl.OPERATION_NOT_ALLOWED
                        : ErrorMap.toCtrl(err), now);
                return;
            }
            s.hub.userDeleted(target, notices);
            s.reply(msg.id, null, null, Ctrl.OK, now);
            AccountState.evict(s, target, now);
        });
    }

    /**
     * Each scheme (once, however many names it has) drops the user's records. As in Go, a scheme
     * that answers "unsupported" keeps the account from being deleted (405); other failures are
     * logged and deletion goes on, since a scheme may simply hold nothing for this user.
     */
    private static void deleteAuthRecords(Session s, Uid target) {
        java.util.Set<Authenticator> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Authenticator a : s.services.authenticators().values()) {
            if (!done.add(a)) {
                continue;
            }
            try {
                a.deleteRecords(target);
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.UNSUPPORTED) {
                    throw new RecordsKept(e);
                }
                System.getLogger(AccountHandler.class.getName()).log(System.Logger.Level.WARNING,
                        "failed to delete " + a.scheme() + " records of " + target + ": " + e.getMessage());
            }
        }
    }

    /** A scheme refused to delete its records: the account stays (Go's 405). */
    private static final class RecordsKept extends RuntimeException {
        RecordsKept(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    // ---- helpers ----

    /** A new user's default p2p access: the p2p default joined with the group default (Tinode). */
    static DefaultAccess defaultUserAccess(Session s) {
        return defaultUserAccess(s.services);
    }

    /** {@link #defaultUserAccess(Session)} for accounts made without a session (external authenticators). */
    static DefaultAccess defaultUserAccess(io.github.tinodej.internal.Services services) {
        AccessMode auth = AccessMode.parse(services.config().limits().p2pDeleteEnabled() ? "JRWPASD" : "JRWPAS");
        return new DefaultAccess(auth, AccessMode.NONE);
    }

    /** The p2p maximum a user may grant: {@code JRWPAD}, or {@code JRWPA} without p2p deletes. */
    static AccessMode p2pMax(Session s) {
        return AccessMode.parse(s.services.config().limits().p2pDeleteEnabled() ? "JRWPAD" : "JRWPA");
    }

    /** Applies client-supplied defacs: masked to the p2p maximum, {@code A} added unless {@code N}. */
    private static DefaultAccess maskUserAccess(Session s, DefaultAccess base, ClientMessage.DefAcs d) {
        AccessMode auth = base.auth();
        AccessMode anon = base.anon();
        AccessMode max = p2pMax(s);
        if (d.auth != null && !d.auth.isEmpty()) {
            auth = masked(d.auth, auth, max);
        }
        if (d.anon != null && !d.anon.isEmpty()) {
            anon = masked(d.anon, anon, max);
        }
        return new DefaultAccess(auth, anon);
    }

    /**
     * A client's default mode, masked to the p2p maximum with {@code A} added unless it is
     * {@code N}. An unparsable mode leaves the default in place (Go's UnmarshalText keeps the
     * value on error), still masked.
     */
    private static AccessMode masked(String mode, AccessMode fallback, AccessMode max) {
        AccessMode m;
        try {
            m = AccessMode.parse(mode).and(max);
        } catch (IllegalArgumentException e) {
            m = fallback.and(max);
        }
        return m.value() == 0 ? AccessMode.NONE : m.with(AccessMode.APPROVE);
    }

    static List<String> restrictedNamespaces(Session s) {
        return s.services.restrictedTagNamespaces();
    }

    private static byte[] decode(String b64) {
        return b64 == null ? new byte[0] : Base64.getDecoder().decode(b64);
    }
}

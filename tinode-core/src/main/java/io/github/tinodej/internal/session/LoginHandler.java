package io.github.tinodej.internal.session;

import com.google.gson.JsonObject;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.model.Device;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.User;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.protocol.WireTime;
import io.github.tinodej.store.StoreException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** {@code {login}} (Tinode's {@code session.login} and {@code onLogin}). */
final class LoginHandler {
    private LoginHandler() {
    }

    static void login(Session s, ClientMessage.Login msg, Instant now) {
        String scheme = msg.scheme == null ? "" : msg.scheme.toLowerCase(Locale.ROOT);
        if ("reset".equals(scheme)) {
            CredFlows.reset(s, msg, now);
            return;
        }
        if (s.isAuthenticated()) {
            s.reply(msg.id, null, null, Ctrl.ALREADY_AUTHENTICATED, now);
            return;
        }
        Authenticator auth = s.services.authenticator(scheme);
        if (auth == null) {
            s.reply(msg.id, null, null, Ctrl.AUTH_UNKNOWN_SCHEME, now);
            return;
        }
        byte[] secret = Base64.getDecoder().decode(msg.secret == null ? "" : msg.secret);
        String remote = s.remoteAddress();
        String login = io.github.tinodej.internal.limits.Throttle.loginName(scheme, secret);
        var throttle = s.services.throttle();
        if (!throttle.mayTryLogin(remote, login)) {
            // Too many failures for this login from this address, or from this address at all: the
            // password is not even checked. Other addresses still log in (no lockout by strangers).
            s.reply(msg.id, null, null, Ctrl.TOO_MANY_REQUESTS, now);
            return;
        }
        java.util.concurrent.Executor where = auth.expensive() ? s.services.authPool() : s.services.pool();
        offload(s, where, () -> {
            AuthResult r = authenticate(s, auth, secret, remote);
            // A challenge comes before any credential check, as in Go's login.
            return new Outcome(r, r.challenge() != null ? List.of() : CredFlows.missingAtLogin(s, r, msg.cred));
        }, (result, error) -> {
            if (error != null) {
                if (io.github.tinodej.internal.limits.Throttle.failedCredential(error)) {
                    throttle.loginFailed(remote, login);
                }
                s.reply(msg.id, null, null, ErrorMap.toCtrl(error), now);
                return;
            }
            if (result.auth.challenge() != null) {
                // Multi-stage login (Go's InfoChallenge): the scheme wants another step first.
                JsonObject p = new JsonObject();
                p.addProperty("challenge", Base64.getEncoder().encodeToString(result.auth.challenge()));
                s.reply(msg.id, null, p, Ctrl.CHALLENGE, now);
                return;
            }
            complete(s, msg.id, result.auth, now, null, result.missing);
        });
    }

    /** An authentication and the required credentials it still lacks. */
    private record Outcome(AuthResult auth, List<String> missing) {
    }

    /** Runs on the auth pool: the scheme's check, then the account's state. */
    private static AuthResult authenticate(Session s, Authenticator auth, byte[] secret, String remote) {
        AuthResult r = auth.authenticate(secret, remote);
        Optional<User> u = s.services.store().getUser(r.uid());
        if (u.isEmpty()) {
            throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no such user");
        }
        if (u.get().state() != ObjectState.OK) {
            throw new StoreException(StoreException.Kind.DENIED, "account not active");
        }
        return r;
    }

    /**
     * Authenticates the session (unless the token forbids login) and sends Tinode's login reply:
     * user, level, a fresh token with full lifetime, its expiry, and {@code extra} params such as
     * the new account's desc. Runs on the session actor.
     */
    static void complete(Session s, String id, AuthResult r, Instant now, JsonObject extra) {
        complete(s, id, r, now, extra, List.of());
    }

    /**
     * As above, except that with {@code missing} credentials the reply is Tinode's 300 "validate
     * credentials" with {@code params.cred}, a token without the validated feature, and the session
     * stays unauthenticated.
     */
    static void complete(Session s, String id, AuthResult r, Instant now, JsonObject extra, List<String> missing) {
        if (!missing.isEmpty()) {
            TokenAuthenticator tokens = s.services.config().tokens();
            Instant expires = now.plus(tokens.lifetime());
            byte[] token = tokens.issue(r.uid(), r.level(), expires, r.features() & TokenAuthenticator.FEATURE_NO_LOGIN);
            JsonObject p = new JsonObject();
            p.addProperty("user", r.uid().userId());
            p.addProperty("authlvl", r.level().wireName());
            p.add("cred", CredFlows.methods(missing));
            p.addProperty("token", Base64.getEncoder().encodeToString(token));
            p.addProperty("expires", WireTime.format(expires));
            if (extra != null) {
                extra.entrySet().forEach(e -> p.add(e.getKey(), e.getValue()));
            }
            s.reply(id, null, p, Ctrl.VALIDATE_CREDENTIALS, now);
            return;
        }
        boolean noLogin = (r.features() & TokenAuthenticator.FEATURE_NO_LOGIN) != 0;
        TokenAuthenticator tokens = s.services.config().tokens();
        Instant expires = now.plus(tokens.lifetime());
        // Tinode marks every token of a complete login as validated (its holder skips the checks)
        // and keeps no-login: a reset code's token must never open a session.
        byte[] token = tokens.issue(r.uid(), r.level(), expires,
                TokenAuthenticator.FEATURE_VALIDATED | r.features() & TokenAuthenticator.FEATURE_NO_LOGIN);
        if (!noLogin) {
            if (s.isAuthenticated()) {
                s.reply(id, null, null, Ctrl.ALREADY_AUTHENTICATED, now);
                return;
            }
            if (!s.setUser(r.uid(), r.level())) {
                // RateLimits.sessionsPerUser (reliability.md AB-03): the session stays, anonymous.
                s.reply(id, null, null, Ctrl.TOO_MANY_REQUESTS, now);
                return;
            }
            registerDevice(s, now);
        }
        JsonObject p = new JsonObject();
        p.addProperty("user", r.uid().userId());
        p.addProperty("authlvl", r.level().wireName());
        p.addProperty("token", Base64.getEncoder().encodeToString(token));
        p.addProperty("expires", WireTime.format(expires));
        if (extra != null) {
            extra.entrySet().forEach(e -> p.add(e.getKey(), e.getValue()));
        }
        s.reply(id, null, p, Ctrl.OK, now);
    }

    private static void registerDevice(Session s, Instant now) {
        if (s.deviceId.isEmpty()) {
            return;
        }
        // On the session actor (a worker thread): the device is stored before the login reply, so a
        // client that asks right after sees it. A failure costs the push registration, not the login.
        Device d = new Device(s.deviceId, s.platform, now, s.lang);
        try {
            s.services.store().upsertDevice(s.uid(), d);
        } catch (RuntimeException e) {
            System.getLogger(LoginHandler.class.getName())
                    .log(System.Logger.Level.WARNING, "failed to register push device", e);
        }
    }

    /** Callback receiving a result or a failure on the session actor. */
    interface Completion<T> {
        void done(T result, Throwable error);
    }

    /**
     * Runs blocking work on the auth pool with the session suspended, then resumes it and hands the
     * outcome to {@code then} on the session actor. A full pool answers 503.
     */
    static <T> void offload(Session s, Supplier<T> work, Completion<T> then) {
        offload(s, s.services.authPool(), work, then);
    }

    /** Like {@link #offload(Session, Supplier, Completion)}, on the given executor. */
    static <T> void offload(Session s, java.util.concurrent.Executor where, Supplier<T> work, Completion<T> then) {
        s.suspend();
        try {
            where.execute(() -> {
                T result = null;
                Throwable error = null;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    error = e;
                }
                T r = result;
                Throwable err = error;
                s.execute(() -> {
                    try {
                        then.done(r, err);
                    } finally {
                        s.resume();
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            try {
                then.done(null, e);
            } finally {
                s.resume();
            }
        }
    }
}

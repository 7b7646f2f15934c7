package io.github.tinodej.internal.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.internal.ErrorMap;
import io.github.tinodej.internal.codec.ClientMessage;
import io.github.tinodej.internal.cred.CredOps;
import io.github.tinodej.internal.cred.ResetCodes;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.protocol.Ctrl;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.validate.CredentialValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credential validation and password reset as the session sees them: {@code cred} in
 * {@code {acc}} and {@code {login}}, the 300 "validate credentials" login reply and
 * {@code {login scheme:"reset"}} (Tinode's {@code replyCreateUser}, {@code login},
 * {@code authSecretReset}). The store-level steps are in {@link CredOps}.
 */
final class CredFlows {
    private static final System.Logger LOG = System.getLogger(CredFlows.class.getName());
    /** Lifetime of the token put into validation messages (Tinode: 24 hours). */
    private static final Duration TMP_TOKEN_LIFETIME = Duration.ofHours(24);

    private CredFlows() {
    }

    /** A new account lacks credentials its level requires: 422 with {@code params.creds}. */
    static final class MissingCreds extends RuntimeException {
        final List<String> missing;

        MissingCreds(List<String> missing) {
            super("missing credentials " + missing, null, false, false);
            this.missing = missing;
        }

        JsonObject params() {
            JsonObject p = new JsonObject();
            JsonArray a = new JsonArray();
            missing.forEach(a::add);
            p.add("creds", a);
            return p;
        }
    }

    /** A credential failed its pre-check at sign-up: the validator's error with {@code params.what}. */
    static final class CredRejected extends RuntimeException {
        final String method;

        CredRejected(String method, StoreException cause) {
            super(cause.getMessage(), cause, false, false);
            this.method = method;
        }
    }

    /** The credentials of a sign-up that count: enabled methods with a value, one per method. */
    static List<ClientMessage.Cred> forSignUp(Session s, ClientMessage.Acc msg) {
        return s.services.creds().normalize(msg.cred, true);
    }

    /**
     * Step 6 of account creation, on the auth pool after the login's uniqueness (Tinode's order):
     * pre-checks each credential, failing with {@link CredRejected}.
     */
    static void precheck(Session s, List<ClientMessage.Cred> creds) {
        for (ClientMessage.Cred c : creds) {
            try {
                s.services.creds().validators().get(c.meth).preCheck(c.val, CredOps.params(c));
            } catch (StoreException e) {
                throw new CredRejected(c.meth, e);
            }
        }
    }

    /**
     * On the auth pool, once the account and its auth record exist: fails with {@link MissingCreds}
     * when fewer credentials came than the level requires (Tinode counts them, it does not match
     * them), else records the claims and sends the requests.
     *
     * @return what was validated right away and the tags that follow
     */
    static CredOps.Outcome addOnCreate(Session s, Uid uid, AuthLevel level, List<ClientMessage.Cred> creds, Instant now) {
        List<String> required = s.services.creds().validators().requiredFor(level);
        if (creds.size() < required.size()) {
            List<String> given = creds.stream().map(c -> c.meth).toList();
            throw new MissingCreds(required.stream().filter(m -> !given.contains(m)).toList());
        }
        byte[] tmp = s.services.config().tokens().issue(uid, AuthLevel.AUTH, now.plus(TMP_TOKEN_LIFETIME), 0);
        return s.services.creds().addCreds(uid, creds, s.lang, tmp);
    }

    /** The required methods a new account still has to validate. */
    static List<String> missingAfterCreate(Session s, AuthLevel level, CredOps.Outcome added) {
        return s.services.creds().missing(level, added == null ? List.of() : added.methods());
    }

    /**
     * On the auth pool after a successful authentication: unless the token says the credentials
     * were validated, checks the responses in {@code cred} (a wrong one is skipped) and returns the
     * required methods still unvalidated. Validated values with {@code add_to_tags} become tags.
     */
    static List<String> missingAtLogin(Session s, AuthResult r, List<ClientMessage.Cred> cred) {
        if ((r.features() & TokenAuthenticator.FEATURE_VALIDATED) != 0
                || s.services.creds().validators().requiredFor(r.level()).isEmpty()) {
            return List.of();
        }
        CredOps.Outcome o = s.services.creds().validatedCreds(r.uid(), r.level(), cred, false);
        if (!o.tags().isEmpty()) {
            s.hub.changeUserTags(r.uid(), o.tags(), List.of());
        }
        return s.services.creds().missing(r.level(), o.methods());
    }

    /**
     * {@code {acc}} with {@code cred} and no {@code scheme}: adds credentials or re-sends requests,
     * with a no-login token for links. Tinode answers 200 whatever the validators say (its error is
     * shadowed in {@code replyUpdateUser}); failures are only logged, here too.
     */
    static void accUpdate(Session s, ClientMessage.Acc msg, Uid uid, AuthLevel level, Instant now) {
        if (level == AuthLevel.NONE) {
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        List<ClientMessage.Cred> creds = s.services.creds().normalize(msg.cred, true);
        byte[] tmp = s.services.config().tokens().issue(uid, AuthLevel.NONE, now.plus(TMP_TOKEN_LIFETIME),
                TokenAuthenticator.FEATURE_NO_LOGIN);
        String lang = s.lang;
        LoginHandler.offload(s, () -> {
            if (s.services.store().getUser(uid).isEmpty()) {
                throw new StoreException(StoreException.Kind.USER_NOT_FOUND, "no such user");
            }
            try {
                CredOps.Outcome o = s.services.creds().addCreds(uid, creds, lang, tmp);
                if (!o.tags().isEmpty()) {
                    s.hub.changeUserTags(uid, o.tags(), List.of());
                }
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.WARNING, "acc cred: request failed: " + e.getMessage());
            }
            return Boolean.TRUE;
        }, (ok, err) -> {
            s.reply(msg.id, null, null, err != null ? ErrorMap.toCtrl(err) : Ctrl.OK, now);
            if (err == null) {
                AccountEvents.updated(s, uid);
            }
        });
    }

    /**
     * {@code {login scheme:"reset"}}, secret {@code <scheme>:<method>:<value>}: sends a reset code
     * to the value if a user validated it, and answers 301 "auth reset" either way (no account
     * enumeration). Allowed on authenticated sessions too.
     */
    static void reset(Session s, ClientMessage.Login msg, Instant now) {
        String[] parts = new String(decode(msg.secret), StandardCharsets.UTF_8).split(":", -1);
        if (parts.length < 3) {
            s.reply(msg.id, null, null, Ctrl.MALFORMED, now);
            return;
        }
        String scheme = parts[0];
        String method = parts[1];
        String value = parts[2];
        Authenticator auth = s.services.authenticator(scheme);
        CredentialValidator validator = s.services.creds().validators().get(method);
        if (auth == null || validator == null) {
            s.reply(msg.id, null, null, Ctrl.NOT_IMPLEMENTED, now);
            return;
        }
        String lang = s.lang;
        LoginHandler.offload(s, () -> {
            Optional<Uid> uid = s.services.store().getUserByCredential(method, value);
            if (uid.isEmpty()) {
                return Boolean.TRUE;
            }
            Map<String, String> params = auth.resetParams(uid.get());
            if (!(s.services.authenticator(validator.tempAuthScheme()) instanceof ResetCodes codes)) {
                LOG.log(System.Logger.Level.ERROR, "validator " + method + " wants temporary scheme "
                        + validator.tempAuthScheme() + ", which cannot issue codes");
                throw new StoreException(StoreException.Kind.INTERNAL, "no temporary auth scheme");
            }
            String code = codes.generate(uid.get(), method + ":" + value);
            validator.resetSecret(value, scheme, lang, code, params);
            return Boolean.TRUE;
        }, (ok, err) -> s.reply(msg.id, null, null, err != null ? ErrorMap.toCtrl(err) : Ctrl.AUTH_RESET, now));
    }

    /** The {@code cred} param of a 300 reply. */
    static JsonArray methods(List<String> missing) {
        JsonArray a = new JsonArray();
        missing.forEach(a::add);
        return a;
    }

    private static byte[] decode(String b64) {
        try {
            return b64 == null ? new byte[0] : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}

package io.github.tinodej.validate;

import io.github.tinodej.model.Credential;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A validator that sends a random numeric code and expects it back, keeping the claims in the
 * store (what Tinode's {@code email} and {@code tel} validators share). Subclasses parse addresses
 * and deliver messages; this class generates codes, records claims, counts wrong answers and
 * accepts an optional debugging response.
 *
 * <p>Thread-safe once initialised.
 */
public abstract class CodeValidator implements CredentialValidator {
    private static final System.Logger LOG = System.getLogger(CodeValidator.class.getName());

    private final String method;
    private final int codeLength;
    private final int maxRetries;
    private final String debugResponse;
    private final SecureRandom random = new SecureRandom();
    private volatile ValidatorEnvironment env;

    /**
     * @param method the method name
     * @param codeLength digits per code, 1 to 18 (Tinode: 0 means 6)
     * @param maxRetries wrong answers allowed before the claim locks (Tinode: 0 means 3)
     * @param debugResponse a response always accepted, for tests; null or empty for none
     */
    protected CodeValidator(String method, int codeLength, int maxRetries, String debugResponse) {
        this.method = Objects.requireNonNull(method, "method");
        if (codeLength < 0 || codeLength > 18) {
            throw new IllegalArgumentException("code_length must be 1..18: " + codeLength);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("max_retries must not be negative: " + maxRetries);
        }
        this.codeLength = codeLength == 0 ? 6 : codeLength;
        this.maxRetries = maxRetries == 0 ? 3 : maxRetries;
        this.debugResponse = debugResponse == null ? "" : debugResponse;
    }

    @Override
    public final String method() {
        return method;
    }

    @Override
    public void init(ValidatorEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The environment given at start-up. */
    protected final ValidatorEnvironment env() {
        ValidatorEnvironment e = env;
        if (e == null) {
            throw new IllegalStateException(method + " validator used before init");
        }
        return e;
    }

    /** Digits per code. */
    public final int codeLength() {
        return codeLength;
    }

    /** Wrong answers allowed before the claim locks. */
    public final int maxRetries() {
        return maxRetries;
    }

    /** The value as stored: e-mail addresses lower-cased, for example. Default: unchanged. */
    protected String normalize(String value) {
        return value;
    }

    /**
     * Delivers a validation code. Called on {@link ValidatorEnvironment#executor()}; exceptions
     * are logged (without the code) and otherwise ignored, as Tinode does.
     *
     * @param value the address
     * @param lang the client's language, possibly empty
     * @param code the code
     * @param token the temporary token, standard base64 then URL-query-escaped, for links
     */
    protected abstract void sendCode(String value, String lang, String code, String token) throws Exception;

    /**
     * Delivers a reset code. Called on {@link ValidatorEnvironment#executor()}.
     *
     * @param login the login being reset ({@code params.login}), possibly empty
     */
    protected abstract void sendReset(String value, String scheme, String lang, String code, String login)
            throws Exception;

    @Override
    public boolean request(Uid user, String value, String lang, String response, byte[] tmpToken) {
        if (response != null && !response.isEmpty()) {
            // The code is sent by us; a response known before the request cannot be right.
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "response given before the request");
        }
        String v = normalize(value);
        String code = newCode();
        String token = URLEncoder.encode(Base64.getEncoder().encodeToString(tmpToken == null ? new byte[0] : tmpToken),
                StandardCharsets.UTF_8);
        ValidatorEnvironment e = env();
        boolean isNew = e.store().upsertCredential(Credential.unvalidated(user, method, v, code, e.clock().instant()));
        deliver(v, () -> sendCode(v, lang == null ? "" : lang, code, token));
        return isNew;
    }

    @Override
    public void resetSecret(String value, String scheme, String lang, String code, Map<String, String> params) {
        String v = normalize(value);
        String login = params == null ? "" : params.getOrDefault("login", "");
        deliver(v, () -> sendReset(v, scheme, lang == null ? "" : lang, code, login));
    }

    @Override
    public String check(Uid user, String response) {
        ValidatorEnvironment e = env();
        Credential c = e.store().getActiveCredential(user, method).orElseThrow(
                () -> new StoreException(StoreException.Kind.NOT_FOUND, "no " + method + " to validate"));
        if (c.retries() > maxRetries) {
            throw new StoreException(StoreException.Kind.POLICY, "too many wrong responses");
        }
        if (response == null || response.isEmpty()) {
            throw new StoreException(StoreException.Kind.CREDENTIALS, "empty response");
        }
        if (response.equals(c.response()) || response.equals(debugResponse)) {
            e.store().confirmCredential(user, method);
            return c.value();
        }
        e.store().failCredential(user, method);
        throw new StoreException(StoreException.Kind.CREDENTIALS, "wrong response");
    }

    @Override
    public void remove(Uid user, String value) {
        env().store().deleteCredential(user, method, value);
    }

    @Override
    public void delete(Uid user) {
        env().store().deleteCredential(user, method, null);
    }

    /** A random code of {@link #codeLength()} digits, zero-padded. */
    protected final String newCode() {
        long bound = 1;
        for (int i = 0; i < codeLength; i++) {
            bound *= 10;
        }
        long n = random.nextLong(bound);
        String s = Long.toString(n);
        return "0".repeat(codeLength - s.length()) + s;
    }

    private interface Delivery {
        void run() throws Exception;
    }

    private void deliver(String to, Delivery d) {
        env().executor().execute(() -> {
            try {
                d.run();
            } catch (Exception ex) {
                // Never the code or the message: just where it failed to go.
                LOG.log(System.Logger.Level.WARNING, method + " delivery to " + to + " failed: " + ex);
            }
        });
    }
}

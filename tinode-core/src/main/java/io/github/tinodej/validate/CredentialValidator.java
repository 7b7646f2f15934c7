package io.github.tinodej.validate;

import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.util.Map;

/**
 * A credential validation method ({@code email}, {@code tel}, or a host's own): checks that a user
 * controls an address by sending it a secret the user then types back (Tinode's
 * {@code validate.Validator}). Register one with {@code TinodeServer.Builder.validator}, naming the
 * authentication levels that require it.
 *
 * <p>Threading: methods may block on the store; the server calls them on its worker and
 * authentication pools, possibly concurrently. Delivery of messages (SMTP, SMS) should not block
 * the caller: hand it to {@link ValidatorEnvironment#executor()}. Failures are reported as
 * {@link StoreException}s, which the server turns into Tinode's replies: {@code MALFORMED} 400,
 * {@code POLICY} 422, {@code AUTH_FAILED} 401, {@code CREDENTIALS} (wrong response), {@code NOT_FOUND}
 * 404, {@code DUPLICATE} 409. Implementations must never log the codes they send outside of an
 * explicitly debugging delivery.
 *
 * <p>{@link CodeValidator} implements everything but the address syntax and the delivery.
 */
public interface CredentialValidator {

    /** The method name clients send in {@code cred.meth}, lower case, without {@code ':'}. */
    String method();

    /** Called once when the server starts, before any other method. */
    default void init(ValidatorEnvironment env) {
    }

    /**
     * Checks a value's syntax and policy without sending anything.
     *
     * @param value the value as the client sent it
     * @param params hints such as {@code countryCode} (the client's region for phone numbers)
     * @return the normalised value as a tag, prefixed with the method: {@code email:alice@example.com}
     * @throws StoreException {@code MALFORMED} if unparsable, {@code POLICY} if not allowed
     */
    String preCheck(String value, Map<String, String> params);

    /**
     * Records the user's claim of {@code value} and sends it a secret to answer with.
     *
     * @param user who claims the value
     * @param value the value as the client sent it
     * @param lang the client's language from {@code {hi}}, possibly empty
     * @param response a response the client already has, usually empty
     * @param tmpToken a short-lived token for links in the message (validation without logging in)
     * @return true if the claim is new, false if a request was re-sent
     */
    boolean request(Uid user, String value, String lang, String response, byte[] tmpToken);

    /**
     * Sends instructions for resetting an authentication secret.
     *
     * @param value the validated address to send to
     * @param scheme the authentication scheme being reset ({@code basic})
     * @param lang the client's language, possibly empty
     * @param code the one-off secret to include
     * @param params the scheme's reset parameters ({@code login} for {@code basic})
     */
    void resetSecret(String value, String scheme, String lang, String code, Map<String, String> params);

    /**
     * Checks a user's response against their active claim of this method.
     *
     * @return the validated value
     * @throws StoreException {@code NOT_FOUND} without an active claim, {@code POLICY} once the
     *         retries are exhausted, {@code CREDENTIALS} for a wrong or empty response
     */
    String check(Uid user, String response);

    /** Deletes or deactivates one of the user's values of this method. */
    void remove(Uid user, String value);

    /** Deletes every record of the user for this method (account deletion). */
    void delete(Uid user);

    /** The authentication scheme of the secret sent by {@link #resetSecret}: {@code code} or {@code token}. */
    default String tempAuthScheme() {
        return "code";
    }
}

package io.github.tinodej.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A credential a user claims ({@code email:alice@example.com}, {@code tel:+15551234567}) and its
 * validation state (Tinode's {@code types.Credential}). A validated value belongs to one user only;
 * unvalidated ones may be claimed by several users, one active claim per user and method.
 *
 * @param user the owner
 * @param method the validation method ({@code email}, {@code tel})
 * @param value the normalised value
 * @param response the code the validator expects (empty once validated or when none was sent)
 * @param done whether the credential was validated
 * @param retries wrong answers so far
 * @param created when the claim was made
 * @param updated last change
 */
public record Credential(Uid user, String method, String value, String response, boolean done, int retries,
        Instant created, Instant updated) {

    public Credential {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(value, "value");
        response = response == null ? "" : response;
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /** A new, unvalidated claim expecting {@code response}. */
    public static Credential unvalidated(Uid user, String method, String value, String response, Instant now) {
        return new Credential(user, method, value, response, false, 0, now, now);
    }

    /** A claim that needs no validation (root-made, or a validator that checks nothing). */
    public static Credential validated(Uid user, String method, String value, Instant now) {
        return new Credential(user, method, value, "", true, 0, now, now);
    }
}

package io.github.tinodej.internal.cred;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.validate.CredentialValidator;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the builder collected about credentials: validators, the {@code code} scheme's limits
 * (Tinode's {@code auth_config.code}) and the collection of never-validated accounts
 * ({@code acc_gc_config}). Internal.
 *
 * @param validators registered validators in registration order
 * @param codeLength digits of a reset code
 * @param codeLifetime how long a reset code stays valid
 * @param codeRetries wrong reset codes allowed
 * @param gc the account collector, or null when off
 * @param defaultCountryCode the region of phone numbers when the client's language names none
 */
public record CredConfig(List<Registered> validators, int codeLength, Duration codeLifetime, int codeRetries,
        AccountGcSettings gc, String defaultCountryCode) {

    /** Tinode's stock {@code auth_config.code}: 6 digits, 15 minutes, 3 tries; no validators, no GC; US. */
    public static final CredConfig NONE = new CredConfig(List.of(), 6, Duration.ofSeconds(900), 3, null, "US");

    public CredConfig {
        validators = List.copyOf(validators);
    }

    /** Checks a validator's registration; {@code IllegalArgumentException} names what is wrong. */
    public static Registered registered(CredentialValidator v, Set<AuthLevel> required, boolean addToTags) {
        java.util.Objects.requireNonNull(v, "validator");
        String m = v.method();
        if (m == null || !m.matches("[a-z][a-z0-9_]{1,15}")) {
            throw new IllegalArgumentException("validator method must be a lower-case tag prefix: " + m);
        }
        if (required.contains(AuthLevel.NONE)) {
            throw new IllegalArgumentException("validator " + m + ": level none cannot require validation");
        }
        return new Registered(v, required, addToTags);
    }

    /** These settings with other reset-code limits. */
    public CredConfig withResetCodes(int length, Duration lifetime, int retries) {
        if (length < 4 || length > 18) {
            throw new IllegalArgumentException("reset code length must be 4..18: " + length);
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("reset code lifetime must be positive: " + lifetime);
        }
        if (retries < 1) {
            throw new IllegalArgumentException("reset code retries must be at least 1: " + retries);
        }
        return new CredConfig(validators, length, lifetime, retries, gc, defaultCountryCode);
    }

    /** These settings with the account collector on. */
    public CredConfig withGc(Duration period, int blockSize, Duration minAge) {
        if (period == null || period.isNegative() || period.isZero() || blockSize <= 0 || minAge == null
                || minAge.isNegative() || minAge.isZero()) {
            throw new IllegalArgumentException("unvalidatedAccountGc needs a positive period, block size and age");
        }
        return new CredConfig(validators, codeLength, codeLifetime, codeRetries,
                new AccountGcSettings(period, blockSize, minAge), defaultCountryCode);
    }

    /** These settings with another default region, two letters (ISO 3166-1). */
    public CredConfig withDefaultCountryCode(String code) {
        if (code == null || !code.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("default country code must be two letters: " + code);
        }
        return new CredConfig(validators, codeLength, codeLifetime, codeRetries, gc,
                code.toUpperCase(java.util.Locale.ROOT));
    }

    /** These settings with the validators registered so far. */
    public CredConfig withValidators(List<Registered> all) {
        return new CredConfig(all, codeLength, codeLifetime, codeRetries, gc, defaultCountryCode);
    }

    /**
     * One validator and its settings from {@code acc_validation}.
     *
     * @param validator the validator
     * @param required the levels that require it; empty means disabled (its tag namespace is still restricted)
     * @param addToTags whether validated values become tags {@code method:value}
     */
    public record Registered(CredentialValidator validator, Set<AuthLevel> required, boolean addToTags) {
        public Registered {
            required = Set.copyOf(required);
        }
    }

    /**
     * Tinode's {@code acc_gc_config}.
     *
     * @param period how often to run
     * @param blockSize accounts deleted per run at most
     * @param minAge how long an account must have been left unvalidated
     */
    public record AccountGcSettings(Duration period, int blockSize, Duration minAge) {
    }
}

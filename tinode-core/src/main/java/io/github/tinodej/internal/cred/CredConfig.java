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
 */
public record CredConfig(List<Registered> validators, int codeLength, Duration codeLifetime, int codeRetries,
        AccountGcSettings gc) {

    /** Tinode's stock {@code auth_config.code}: 6 digits, 15 minutes, 3 tries; no validators, no GC. */
    public static final CredConfig NONE = new CredConfig(List.of(), 6, Duration.ofSeconds(900), 3, null);

    public CredConfig {
        validators = List.copyOf(validators);
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

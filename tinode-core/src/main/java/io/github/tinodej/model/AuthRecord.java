package io.github.tinodej.model;

import java.time.Instant;

/**
 * One authentication record: a user's credential for one scheme ({@code auth} table in Tinode).
 *
 * @param unique globally unique key {@code <scheme>:<unique value>}, e.g. {@code basic:alice}
 * @param uid owner
 * @param scheme scheme name, e.g. {@code basic}
 * @param level level granted on success
 * @param secret opaque secret (a bcrypt hash for {@code basic}), may be empty
 * @param expires expiry, null for never
 */
public record AuthRecord(String unique, Uid uid, String scheme, AuthLevel level, byte[] secret, Instant expires) {
    public AuthRecord {
        secret = secret == null ? new byte[0] : secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AuthRecord[" + unique + ", " + uid + ", " + scheme + ", " + level + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthRecord r && r.unique.equals(unique) && r.uid.equals(uid)
                && r.scheme.equals(scheme) && r.level == level && java.util.Arrays.equals(r.secret, secret)
                && java.util.Objects.equals(r.expires, expires);
    }

    @Override
    public int hashCode() {
        return unique.hashCode();
    }
}

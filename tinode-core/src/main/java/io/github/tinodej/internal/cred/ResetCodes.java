package io.github.tinodej.internal.cred;

import io.github.tinodej.auth.AuthEnvironment;
import io.github.tinodej.auth.AuthResult;
import io.github.tinodej.auth.Authenticator;
import io.github.tinodej.auth.TokenAuthenticator;
import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.Store;
import io.github.tinodej.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Tinode's {@code code} scheme: short numeric one-off secrets for password reset. A code is kept in
 * the store's persistent cache under {@code code_<method>:<value>} as
 * {@code <code>:<tries>:<uid>:<expiry millis>}; the expiry inside the value (Tinode relies on the
 * cache's write time instead) makes the lifetime follow the server clock. Authenticating with one
 * ({@code <code>:<method>:<value>}) grants level none with the no-login feature: enough for one
 * {@code {acc}} that sets a new password, never a session.
 *
 * <p>Thread-safe.
 */
public final class ResetCodes implements Authenticator {
    /** The scheme name. */
    public static final String SCHEME = "code";
    private static final String PREFIX = SCHEME + "_";

    private final int length;
    private final Duration lifetime;
    private final int maxRetries;
    private final SecureRandom random = new SecureRandom();
    private volatile Store store;
    private volatile Clock clock = Clock.systemUTC();

    public ResetCodes(int length, Duration lifetime, int maxRetries) {
        this.length = length;
        this.lifetime = lifetime;
        this.maxRetries = maxRetries;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public void init(AuthEnvironment env) {
        this.store = env.store();
        this.clock = env.clock();
    }

    /**
     * Makes a code for {@code credential} ({@code method:value}) and the user who validated it.
     *
     * @throws StoreException {@code DUPLICATE} while an earlier code for the credential is still valid
     */
    public String generate(Uid uid, String credential) {
        String key = key(credential);
        Instant now = clock.instant();
        // An expired code no longer blocks a new one; Tinode purges by write time instead.
        current(key, now);
        long bound = 1;
        for (int i = 0; i < length; i++) {
            bound *= 10;
        }
        String n = Long.toString(random.nextLong(bound));
        String code = "0".repeat(length - n.length()) + n;
        store.putCacheEntry(key, code + ":0:" + uid.encoded() + ":" + now.plus(lifetime).toEpochMilli(), true);
        return code;
    }

    @Override
    public AuthResult authenticate(byte[] secret, String remoteAddr) {
        String s = new String(secret, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new StoreException(StoreException.Kind.MALFORMED, "malformed code secret");
        }
        String code = s.substring(0, colon);
        String key = key(s.substring(colon + 1));
        Instant now = clock.instant();
        String[] parts = current(key, now)
                .orElseThrow(() -> new StoreException(StoreException.Kind.AUTH_FAILED, "no such code"));
        int tries = Integer.parseInt(parts[1]);
        if (tries >= maxRetries) {
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "code tries exhausted");
        }
        if (!parts[0].equals(code)) {
            store.putCacheEntry(key, parts[0] + ":" + (tries + 1) + ":" + parts[2] + ":" + parts[3], false);
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "wrong code");
        }
        store.deleteCacheEntry(key);
        return new AuthResult(Uid.decode(parts[2]), AuthLevel.NONE, now.plus(lifetime),
                TokenAuthenticator.FEATURE_NO_LOGIN, null);
    }

    /** The live entry's four fields; an expired one is deleted and reported absent. */
    private Optional<String[]> current(String key, Instant now) {
        Optional<String> v = store.getCacheEntry(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = v.get().split(":", -1);
        if (parts.length != 4) {
            throw new StoreException(StoreException.Kind.INTERNAL, "corrupt code entry");
        }
        if (!now.isBefore(Instant.ofEpochMilli(Long.parseLong(parts[3])))) {
            store.deleteCacheEntry(key);
            return Optional.empty();
        }
        return Optional.of(parts);
    }

    /** Tinode's key, with {@code %} replaced so that SQL LIKE prefixes stay literal. */
    private static String key(String credential) {
        return (PREFIX + credential).replace('%', '/');
    }
}

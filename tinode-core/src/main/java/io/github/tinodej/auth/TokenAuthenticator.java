package io.github.tinodej.auth;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tinode's {@code token} scheme: a 50-byte self-contained token (uid, expiry, level, serial,
 * features, then HMAC-SHA256 over those 18 bytes), so a token issued by one server is accepted by
 * any server with the same key and serial, including after a restart. Tokens cannot be revoked
 * except by changing the key or the serial number.
 *
 * <p>Key rotation (tinodej's own; Tinode has a single key): the current key signs every new
 * token, while {@code oldKeys} still verify tokens signed before the rotation until those tokens
 * expire by their own expiry. Drop an old key once the token lifetime has passed since it was
 * replaced. A token no key verifies is refused as Tinode refuses a bad signature.
 *
 * <p>Thread-safe and non-blocking.
 */
public final class TokenAuthenticator implements Authenticator {
    /** Scheme name. */
    public static final String SCHEME = "token";
    /** Feature bit: the user's credentials were validated. */
    public static final int FEATURE_VALIDATED = 1;
    /** Feature bit: the token may not be used to log in (temporary use only). */
    public static final int FEATURE_NO_LOGIN = 2;

    private static final int BODY = 18;
    private static final int LENGTH = BODY + 32;

    private final byte[] key;
    private final List<byte[]> oldKeys;
    private final Duration lifetime;
    private final int serial;
    private Clock clock = Clock.systemUTC();

    /**
     * @param key HMAC key, at least 32 bytes
     * @param lifetime how long issued tokens stay valid
     * @param serial the serial number; tokens with another serial are rejected
     */
    public TokenAuthenticator(byte[] key, Duration lifetime, int serial) {
        this(key, List.of(), lifetime, serial);
    }

    /**
     * @param key HMAC key signing new tokens, at least 32 bytes
     * @param oldKeys keys that no longer sign but still verify tokens until they expire (each at
     *        least 32 bytes); empty for none
     * @param lifetime how long issued tokens stay valid
     * @param serial the serial number; tokens with another serial are rejected
     */
    public TokenAuthenticator(byte[] key, List<byte[]> oldKeys, Duration lifetime, int serial) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("token key must be at least 32 bytes");
        }
        List<byte[]> old = new ArrayList<>();
        for (byte[] k : java.util.Objects.requireNonNull(oldKeys, "oldKeys")) {
            if (k == null || k.length < 32) {
                throw new IllegalArgumentException("old token keys must be at least 32 bytes each");
            }
            old.add(k.clone());
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive: " + lifetime);
        }
        if (serial < 0 || serial > 0xFFFF) {
            throw new IllegalArgumentException("token serial must be 0..65535: " + serial);
        }
        this.key = key.clone();
        this.oldKeys = List.copyOf(old);
        this.lifetime = lifetime;
        this.serial = serial;
    }

    /** A MAC check and a lookup: cheap, runs with the session's other work. */
    @Override
    public boolean expensive() {
        return false;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public void init(AuthEnvironment env) {
        this.clock = env.clock();
    }

    /** The lifetime of newly issued tokens. */
    public Duration lifetime() {
        return lifetime;
    }

    /**
     * Issues a token.
     *
     * @return the raw 50 bytes (clients see them as standard base64)
     */
    public byte[] issue(Uid uid, AuthLevel level, Instant expires, int features) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(uid.value());
        b.putInt((int) expires.getEpochSecond());
        b.putShort((short) level.value());
        b.putShort((short) serial);
        b.putShort((short) features);
        byte[] out = b.array();
        System.arraycopy(mac(key, out), 0, out, BODY, 32);
        return out;
    }

    @Override
    public AuthResult authenticate(byte[] token, String remoteAddr) {
        if (token.length < LENGTH) {
            throw new StoreException(StoreException.Kind.MALFORMED, "token too short");
        }
        byte[] t = Arrays.copyOf(token, LENGTH);
        if (!signedByKnownKey(t)) {
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "bad token signature");
        }
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        Uid uid = new Uid(b.getLong());
        long expires = Integer.toUnsignedLong(b.getInt());
        int lvl = Short.toUnsignedInt(b.getShort());
        int ser = Short.toUnsignedInt(b.getShort());
        int features = Short.toUnsignedInt(b.getShort());
        AuthLevel level = AuthLevel.ofValue(lvl)
                .orElseThrow(() -> new StoreException(StoreException.Kind.MALFORMED, "bad token level"));
        if (ser != serial) {
            throw new StoreException(StoreException.Kind.AUTH_FAILED, "token serial mismatch");
        }
        Instant exp = Instant.ofEpochSecond(expires);
        if (exp.isBefore(clock.instant().plusSeconds(1))) {
            throw new StoreException(StoreException.Kind.EXPIRED, "token expired");
        }
        return new AuthResult(uid, level, exp, features, null);
    }

    /** The current key first; every key is tried so the time taken does not say which one matched. */
    private boolean signedByKnownKey(byte[] t) {
        byte[] signature = Arrays.copyOfRange(t, BODY, LENGTH);
        boolean ok = MessageDigest.isEqual(mac(key, t), signature);
        for (byte[] k : oldKeys) {
            ok |= MessageDigest.isEqual(mac(k, t), signature);
        }
        return ok;
    }

    private static byte[] mac(byte[] key, byte[] token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(token, 0, BODY);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

package io.github.tinodej.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.test.FakeClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

    private TokenAuthenticator tokens(int serial) {
        TokenAuthenticator t = new TokenAuthenticator(KEY, Duration.ofDays(14), serial);
        t.init(new AuthEnvironment(new MemoryStore(), clock));
        return t;
    }

    @Test
    void issue_tinodeByteLayout() throws Exception {
        Uid uid = new Uid(0x0102030405060708L);
        Instant exp = Instant.parse("2026-01-15T00:00:00Z");
        byte[] t = tokens(1).issue(uid, AuthLevel.AUTH, exp, TokenAuthenticator.FEATURE_VALIDATED);
        assertThat(t).hasSize(50);
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getLong()).isEqualTo(uid.value());
        assertThat(Integer.toUnsignedLong(b.getInt())).isEqualTo(exp.getEpochSecond());
        assertThat(b.getShort()).isEqualTo((short) 20);
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getShort()).isEqualTo((short) 1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(t, 0, 18);
        byte[] sig = new byte[32];
        System.arraycopy(t, 18, sig, 0, 32);
        assertThat(HexFormat.of().formatHex(sig)).isEqualTo(HexFormat.of().formatHex(mac.doFinal()));
    }

    @Test
    void authenticate_roundTrip() {
        TokenAuthenticator t = tokens(1);
        Uid uid = new Uid(42);
        byte[] tok = t.issue(uid, AuthLevel.ROOT, clock.instant().plusSeconds(60), 0);
        AuthResult r = t.authenticate(tok, "");
        assertThat(r.uid()).isEqualTo(uid);
        assertThat(r.level()).isEqualTo(AuthLevel.ROOT);
    }

    @Test
    void authenticate_expiringWithinASecond_rejected() {
        TokenAuthenticator t = tokens(1);
        byte[] tok = t.issue(new Uid(42), AuthLevel.AUTH, clock.instant().plusMillis(500), 0);
        assertThatThrownBy(() -> t.authenticate(tok, "")).isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.EXPIRED);
    }

    @Test
    void authenticate_otherSerial_rejected() {
        byte[] tok = tokens(1).issue(new Uid(42), AuthLevel.AUTH, clock.instant().plusSeconds(60), 0);
        assertThatThrownBy(() -> tokens(2).authenticate(tok, "")).isInstanceOf(StoreException.class)
                .extracting(e -> ((StoreException) e).kind()).isEqualTo(StoreException.Kind.AUTH_FAILED);
    }

    @Test
    void rotation_oldKeyStillVerifies_newTokensSignedWithCurrentKey() {
        byte[] current = "the-new-key-the-new-key-the-new!".getBytes();
        TokenAuthenticator before = tokens(1);
        byte[] oldToken = before.issue(new Uid(42), AuthLevel.AUTH, clock.instant().plusSeconds(60), 0);
        TokenAuthenticator rotated = new TokenAuthenticator(current, java.util.List.of(KEY), Duration.ofDays(14), 1);
        rotated.init(new AuthEnvironment(new MemoryStore(), clock));
        assertThat(rotated.authenticate(oldToken, "").uid()).isEqualTo(new Uid(42));
        byte[] fresh = rotated.issue(new Uid(43), AuthLevel.AUTH, clock.instant().plusSeconds(60), 0);
        // Signed with the current key: a server holding only the old key refuses it.
        assertThat(kind(before, fresh)).isEqualTo(StoreException.Kind.AUTH_FAILED);
        TokenAuthenticator currentOnly = new TokenAuthenticator(current, Duration.ofDays(14), 1);
        currentOnly.init(new AuthEnvironment(new MemoryStore(), clock));
        assertThat(currentOnly.authenticate(fresh, "").uid()).isEqualTo(new Uid(43));
        assertThat(kind(currentOnly, oldToken)).isEqualTo(StoreException.Kind.AUTH_FAILED);
        // The old key does not extend a token's life.
        clock.advance(Duration.ofSeconds(60));
        assertThat(kind(rotated, oldToken)).isEqualTo(StoreException.Kind.EXPIRED);
    }

    @Test
    void constructor_shortOldKey_rejectedWithMessage() {
        assertThatThrownBy(() -> new TokenAuthenticator(KEY, java.util.List.of(new byte[8]), Duration.ofDays(1), 1))
                .hasMessageContaining("old token keys");
    }

    @Test
    void constructor_shortKey_rejectedWithMessage() {
        assertThatThrownBy(() -> new TokenAuthenticator(new byte[16], Duration.ofDays(1), 1))
                .hasMessageContaining("token key");
    }

    /** AZ-08: Go's auth_token.go answers each defect with its own error, which decides the reply code. */
    @Test
    void authenticate_eachDefect_goError() {
        TokenAuthenticator t = tokens(1);
        byte[] good = t.issue(new Uid(42), AuthLevel.AUTH, clock.instant().plusSeconds(60), 0);
        assertThat(kind(t, Arrays.copyOf(good, 49))).isEqualTo(StoreException.Kind.MALFORMED);
        assertThat(kind(t, new byte[0])).isEqualTo(StoreException.Kind.MALFORMED);
        // Go reads the first 50 bytes and ignores the rest.
        assertThat(t.authenticate(Arrays.copyOf(good, 64), "").uid()).isEqualTo(new Uid(42));
        byte[] overRoot = good.clone();
        overRoot[12] = 40;
        sign(overRoot, KEY);
        assertThat(kind(t, overRoot)).isEqualTo(StoreException.Kind.MALFORMED);
        byte[] otherKey = good.clone();
        sign(otherKey, "another-key-another-key-another!".getBytes());
        assertThat(kind(t, otherKey)).isEqualTo(StoreException.Kind.AUTH_FAILED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(kind(t, good)).isEqualTo(StoreException.Kind.EXPIRED);
    }

    /**
     * AZ-09: a token a real Tinode server issued in 2017 (tinode/chat chatbot/python/token-cookie.sample,
     * key: the stock tinode.conf's). Its signature is HMAC-SHA256 with the key over the
     * little-endian fields, which is how this class signs; that older layout had no features
     * field (48 bytes), so today's Tinode and this class both refuse it as malformed.
     */
    @Test
    void realTinodeToken_signedTheSameWay_refusedAsOldLayout() throws Exception {
        byte[] real = java.util.Base64.getDecoder().decode("mtXWlt9ERZCKsw9aFAABAFGGCnxinE8ruLE21t6SQfck4uBKCIy44kerjmOh4h1+");
        byte[] stockKey = java.util.Base64.getDecoder().decode("wfaY2RgF2S1OQI/ZlK+LSrp1KB2jwAdGAIHQ7JZn+Kc=");
        ByteBuffer b = ByteBuffer.wrap(real).order(ByteOrder.LITTLE_ENDIAN);
        b.getLong();
        assertThat(Instant.ofEpochSecond(Integer.toUnsignedLong(b.getInt()))).isEqualTo(Instant.parse("2017-11-18T04:14:02Z"));
        assertThat(b.getShort()).isEqualTo((short) 20);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(stockKey, "HmacSHA256"));
        mac.update(real, 0, 16);
        assertThat(Arrays.copyOfRange(real, 16, 48)).isEqualTo(mac.doFinal());

        TokenAuthenticator t = new TokenAuthenticator(stockKey, Duration.ofDays(14), 1);
        t.init(new AuthEnvironment(new MemoryStore(), clock));
        assertThat(kind(t, real)).isEqualTo(StoreException.Kind.MALFORMED);
    }

    private static StoreException.Kind kind(TokenAuthenticator t, byte[] token) {
        try {
            t.authenticate(token, "");
            throw new AssertionError("accepted");
        } catch (StoreException e) {
            return e.kind();
        }
    }

    private static void sign(byte[] token, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(token, 0, 18);
            System.arraycopy(mac.doFinal(), 0, token, 18, 32);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

package io.github.tinodej.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tinodej.model.AuthLevel;
import io.github.tinodej.model.Uid;
import io.github.tinodej.store.MemoryStore;
import io.github.tinodej.store.StoreException;
import io.github.tinodej.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

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
    void constructor_shortKey_rejectedWithMessage() {
        assertThatThrownBy(() -> new TokenAuthenticator(new byte[16], Duration.ofDays(1), 1))
                .hasMessageContaining("token key");
    }
}

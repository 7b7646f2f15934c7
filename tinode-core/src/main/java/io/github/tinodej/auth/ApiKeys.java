package io.github.tinodej.auth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tinode's API keys: 24 bytes written as 32 base64url characters: version {@code 1}, a deprecated
 * 4-byte app id, a 2-byte key sequence, a root flag, then {@code HMAC-MD5(salt, first 8 bytes)}.
 * The key only identifies the client application; it is not a user credential.
 *
 * <p>Stateless and thread-safe.
 */
public final class ApiKeys {
    /** The salt shipped in Tinode's stock configuration; the demo key of every official client validates with it. */
    public static final String STOCK_SALT = "T713/rYYgW7g4m3vG6zGRh7+FM1t0T8j13koXScOAj4=";
    /** The key built into TinodeWeb, Tindroid, Tinodios and tn-cli. */
    public static final String DEMO_KEY = "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";

    private static final int KEY_LENGTH = 24;
    private static final int SIGNED = 8;

    private ApiKeys() {
    }

    /** True if {@code key} is a version-1 key signed with {@code salt}. */
    public static boolean isValid(String key, byte[] salt) {
        if (key == null || key.length() != 32) {
            return false;
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (data.length != KEY_LENGTH || data[0] != 1) {
            return false;
        }
        byte[] expected = sign(Arrays.copyOf(data, SIGNED), salt);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(data, SIGNED, KEY_LENGTH));
    }

    /** Generates a key for an application, as Tinode's {@code keygen} does. */
    public static String generate(int appId, int sequence, boolean root, byte[] salt) {
        byte[] head = ByteBuffer.allocate(SIGNED).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1).putInt(appId).putShort((short) sequence).put((byte) (root ? 1 : 0)).array();
        byte[] out = Arrays.copyOf(head, KEY_LENGTH);
        System.arraycopy(sign(head, salt), 0, out, SIGNED, 16);
        return Base64.getUrlEncoder().encodeToString(out);
    }

    private static byte[] sign(byte[] head, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(salt, "HmacMD5"));
            return mac.doFinal(head);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 unavailable", e);
        }
    }
}

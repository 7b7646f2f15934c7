package io.github.tinodej.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * A user id: an unsigned 64-bit integer, written on the wire as {@code usr} followed by the
 * base64url (no padding) encoding of its 8 little-endian bytes, always 11 characters. Zero is the
 * invalid id. Group names, session ids and file ids use the same 11-character encoding.
 *
 * @param value the raw id; 0 is never a valid user
 */
public record Uid(long value) {
    /** The invalid id. */
    public static final Uid ZERO = new Uid(0);

    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    /** True unless this is {@link #ZERO}. */
    public boolean isValid() {
        return value != 0;
    }

    /** The 11-character base64url form without prefix. */
    public String encoded() {
        return encode(value);
    }

    /** The {@code usrXXXXXXXXXXX} form, also the internal name of this user's {@code me} topic. */
    public String userId() {
        return "usr" + encoded();
    }

    /** The 8 little-endian bytes, as embedded in tokens. */
    public byte[] bytes() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    @Override
    public String toString() {
        return userId();
    }

    /** Encodes any 64-bit value in the 11-character form. */
    public static String encode(long value) {
        return ENC.encodeToString(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** Parses the 11-character form without prefix; anything else yields {@link #ZERO}. */
    public static Uid decode(String s) {
        if (s == null || s.length() != 11) {
            return ZERO;
        }
        try {
            byte[] b = DEC.decode(s);
            if (b.length != 8) {
                return ZERO;
            }
            return new Uid(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong());
        } catch (IllegalArgumentException e) {
            return ZERO;
        }
    }

    /** Parses {@code usrXXXXXXXXXXX}; anything else yields {@link #ZERO}. */
    public static Uid parseUserId(String s) {
        if (s == null || !s.startsWith("usr")) {
            return ZERO;
        }
        return decode(s.substring(3));
    }

    /** Reads the 8 little-endian bytes at {@code offset}. */
    public static Uid fromBytes(byte[] b, int offset) {
        return new Uid(ByteBuffer.wrap(b, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }
}

package io.github.tinodej.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as they travel on the wire: RFC 3339 in UTC with a {@code Z} suffix and at most
 * millisecond precision, trailing zeros of the fraction trimmed like Go prints them
 * ({@code 2024-01-02T03:04:05Z}, {@code ...05.1Z}, {@code ...05.123Z}). The JS SDK only turns strings
 * of 20 to 24 characters into dates, so nothing finer than milliseconds may ever be emitted.
 *
 * <p>Stateless and thread-safe.
 */
public final class WireTime {
    private WireTime() {
    }

    /** Formats {@code t}, rounded down to the millisecond. */
    public static String format(Instant t) {
        Instant ms = t.truncatedTo(ChronoUnit.MILLIS);
        LocalDateTime d = LocalDateTime.ofEpochSecond(ms.getEpochSecond(), ms.getNano(), ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(24);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year out of RFC 3339 range: " + t);
        }
        pad(sb, year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int millis = ms.getNano() / 1_000_000;
        if (millis != 0) {
            sb.append('.');
            int start = sb.length();
            pad(sb, millis, 3);
            int end = sb.length();
            while (sb.charAt(end - 1) == '0') {
                end--;
            }
            sb.setLength(Math.max(end, start + 1));
        }
        return sb.append('Z').toString();
    }

    /**
     * Parses an RFC 3339 timestamp as clients send it (any offset, any fraction).
     *
     * @throws IllegalArgumentException if the text is not RFC 3339
     */
    public static Instant parse(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: " + text, e);
        }
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}

package io.github.tinodej.transport.undertow;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed: IP addresses and CIDR blocks. Parsing
 * never resolves names (an address literal or nothing), so neither configuration nor a header
 * can make the server wait for DNS. Immutable, thread-safe.
 */
final class TrustedProxies {
    /** The default: a reverse proxy on the same host. */
    static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})(?::\\d{1,5})?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the setting and the first entry that is neither
     */
    static TrustedProxies parse(Collection<String> specs) {
        if (specs == null) {
            throw new IllegalArgumentException("trustedProxies must not be null");
        }
        List<Block> out = new ArrayList<>();
        for (String spec : specs) {
            Block b = spec == null ? null : block(spec.trim());
            if (b == null) {
                throw new IllegalArgumentException("trustedProxies: not an IP address or CIDR block: " + spec);
            }
            out.add(b);
        }
        return new TrustedProxies(List.copyOf(out));
    }

    private static Block block(String spec) {
        int slash = spec.indexOf('/');
        InetAddress a = literal(slash < 0 ? spec : spec.substring(0, slash));
        if (a == null) {
            return null;
        }
        byte[] bytes = a.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(spec.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > bits) {
                return null;
            }
        }
        return new Block(bytes, prefix);
    }

    boolean contains(InetAddress a) {
        if (a == null) {
            return false;
        }
        byte[] bytes = a.getAddress();
        for (Block b : blocks) {
            if (b.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4 or IPv6 address literal, or null; never a name lookup. */
    static InetAddress literal(String s) {
        if (s == null || s.isEmpty() || s.length() > 45) {
            return null;
        }
        Matcher m = IPV4.matcher(s);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                b[i] = (byte) octet;
            }
            try {
                return InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        // Only hex digits, colons and dots, with a colon: the JDK parses that as an IPv6 literal
        // or rejects it, and never looks it up (no zone ids: they name local interfaces).
        if (s.indexOf(':') < 0 || !IPV6_CHARS.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * An address as proxies write it into {@code X-Forwarded-For}: a literal, possibly with a
     * port ({@code 1.2.3.4:5678}, {@code [2001:db8::1]:443}) or in brackets; null otherwise.
     */
    static InetAddress forwarded(String s) {
        String v = s.trim();
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end < 0 ? null : literal(v.substring(1, end));
        }
        Matcher m = IPV4_PORT.matcher(v);
        if (m.matches()) {
            return literal(m.group(1));
        }
        return literal(v);
    }
}

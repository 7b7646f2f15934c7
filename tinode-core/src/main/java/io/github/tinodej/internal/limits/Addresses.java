package io.github.tinodej.internal.limits;

/** Client addresses as transports report them: IP literals, never host names. */
final class Addresses {
    private Addresses() {
    }

    /** Loopback by its literal form; no lookup is ever made. */
    static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || "::1".equals(ip) || "0:0:0:0:0:0:0:1".equals(ip)
                || ip.startsWith("::ffff:127.") || ip.startsWith("[::1]");
    }
}

package io.github.tinodej.examples;

/**
 * A Go-style listen address: {@code :6060}, {@code host:6060}, {@code [::1]:6060}.
 *
 * @param host interface to bind ({@code 0.0.0.0} when empty)
 * @param port port, 0 for ephemeral
 */
public record Listen(String host, int port) {

    /** Parses; throws {@link IllegalArgumentException} naming the value when malformed. */
    public static Listen parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("listen address is empty");
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("listen address needs a port, like :6060: " + s);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen port is not a number: " + s);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + s);
        }
        return new Listen(host.isEmpty() ? "0.0.0.0" : host, port);
    }
}

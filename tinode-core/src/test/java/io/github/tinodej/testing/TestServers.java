package io.github.tinodej.testing;

import io.github.tinodej.TinodeServer;
import io.github.tinodej.auth.BasicAuthenticator;
import java.nio.charset.StandardCharsets;

/** Builders preset for fast tests: cheap bcrypt, a fixed token key. */
public final class TestServers {
    /** A fixed 32-byte token key so tokens survive a "restart" in tests. */
    public static final byte[] TOKEN_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private TestServers() {
    }

    /** Stock settings except bcrypt cost 4 and a fixed token key. */
    public static TinodeServer.Builder builder() {
        return TinodeServer.builder()
                .authenticator(new BasicAuthenticator(4, 6, 4, true))
                .tokenKey(TOKEN_KEY);
    }
}

package io.github.tinodej.examples;

import io.github.tinodej.auth.ApiKeys;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinode.jar keygen}: Tinode's {@code keygen} (API keys signed with the {@code api_key_salt}
 * of tinode.conf, and their validation), with the same flags and output, plus {@code --token-key}
 * for a fresh {@code auth_config.token.key}.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Make or check an API key (Tinode's keygen), or make a token key.")
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--sequence", "-sequence"}, description = "sequential number of the API key (default 1)")
    int sequence = 1;

    @Option(names = {"--isroot", "-isroot"}, description = "1 for a root API key (default 0)")
    int isRoot;

    @Option(names = {"--salt", "-salt"}, description = "api_key_salt, 32 random bytes in base64; a new one when absent")
    String salt;

    @Option(names = {"--validate", "-validate"}, description = "an API key to check against --salt")
    String validate;

    @Option(names = "--token-key", description = "print a new random auth_config.token.key instead")
    boolean tokenKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SecureRandom random = new SecureRandom();
        if (tokenKey) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            out.println("auth_config.token.key: " + Base64.getEncoder().encodeToString(key));
            return 0;
        }
        byte[] saltBytes;
        if (salt == null || salt.isEmpty()) {
            if (validate != null) {
                err.println("Error: must provide HMAC salt for key validation");
                return 1;
            }
            saltBytes = new byte[32];
            random.nextBytes(saltBytes);
        } else {
            saltBytes = decodeSalt(salt);
            if (saltBytes == null) {
                err.println("Error: Failed to decode HMAC salt");
                return 1;
            }
        }
        if (validate != null) {
            return check(validate, saltBytes, out, err);
        }
        String key = ApiKeys.generate(0, sequence, isRoot == 1, saltBytes);
        out.printf("API key v1 seq%d [%s]: %s%nHMAC salt: %s%n", sequence, isRoot == 1 ? "ROOT" : "ordinary", key,
                Base64.getEncoder().encodeToString(saltBytes));
        return 0;
    }

    /** URL-safe base64 first, then standard, as Go's keygen tries them. */
    private static byte[] decodeSalt(String b64) {
        try {
            return Base64.getUrlDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e2) {
                return null;
            }
        }
    }

    private static int check(String key, byte[] salt, PrintWriter out, PrintWriter err) {
        if (!ApiKeys.isValid(key, salt)) {
            err.println("Error: Invalid API key or signature");
            return 1;
        }
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(key)).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.get();
        b.getInt();
        int seq = Short.toUnsignedInt(b.getShort());
        boolean root = b.get() == 1;
        out.printf("Valid v%d seq%d, [%s]%n", version, seq, root ? "ROOT" : "ordinary");
        return 0;
    }
}

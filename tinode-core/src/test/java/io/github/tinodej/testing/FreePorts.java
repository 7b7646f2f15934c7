package io.github.tinodej.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later at an address it must name up front (cluster members list
 * each other). A port from {@code new ServerSocket(0)} lies in the kernel's ephemeral range, where
 * any outgoing connection meanwhile (one member dialling another that is not up yet) may take it as
 * its local port, and the member then fails to bind; these come from below that range.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port on 127.0.0.1 that was free a moment ago and that the kernel does not hand out itself. */
    public static int below() {
        int low = ephemeralLow();
        int from = Math.max(1024, low - 12_000);
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(from, low);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new IllegalStateException("no free port in [" + from + ", " + low + ")");
    }

    private static int ephemeralLow() {
        try {
            // (Files.readString trusts the size /proc reports, and reads a few bytes of it.)
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > 2_048 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768; // Linux's default; elsewhere the range starts higher still
        }
    }
}

package io.github.tinodej.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S8's flooders, run as a process of their own so that the driver can give them the lowest CPU
 * priority: they send as fast as their sockets take frames, and in the driver's JVM they would
 * delay the bystander whose round trip is measured (a driver artefact, not server latency).
 *
 * <p>Arguments: the server's {@code host:port}, then {@code token,group} pairs, one flooder each.
 * Floods until a line arrives on stdin (or stdin closes), then prints
 * {@code frames N reconnects M} and exits.
 */
public final class Flooders {
    private static final String HI = "{\"hi\":{\"id\":\"ID\",\"ver\":\"0.25.3\",\"ua\":\"tinodej-bench flood\"}}";

    private Flooders() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong frames = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        ExecutorService io = Executors.newFixedThreadPool(2, daemon("flood-ws"));
        HttpClient client = HttpClient.newBuilder().executor(io).build();
        ExecutorService workers = Executors.newFixedThreadPool(args.length - 1, daemon("flooder"));
        for (int i = 1; i < args.length; i++) {
            String[] a = args[i].split(",", 2);
            workers.submit(() -> flood(client, host, a[0], a[1], flooding, frames, reconnects));
        }
        System.out.println("flooding");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        flooding.set(false);
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        System.out.println("frames " + frames.get() + " reconnects " + reconnects.get());
        System.out.flush();
        System.exit(0);
    }

    /** Sends as fast as the connection takes frames; when the server closes it, logs in again. */
    private static void flood(HttpClient client, String host, String token, String grp, AtomicBoolean flooding,
            AtomicLong frames, AtomicLong reconnects) {
        String content = "x".repeat(200);
        String[] kinds = {
            "{\"pub\":{\"id\":\"f\",\"topic\":\"" + grp + "\",\"noecho\":true,\"content\":\"" + content + "\"}}",
            "{\"get\":{\"id\":\"g\",\"topic\":\"" + grp + "\",\"what\":\"data\"}}",
            "{\"note\":{\"topic\":\"" + grp + "\",\"what\":\"kp\"}}",
        };
        while (flooding.get()) {
            WireConn c = null;
            try {
                c = WireConn.open(client, host);
                c.call(HI);
                c.call("{\"login\":{\"id\":\"ID\",\"scheme\":\"token\",\"secret\":\"" + token + "\"}}");
                c.call("{\"sub\":{\"id\":\"ID\",\"topic\":\"" + grp + "\"}}");
                for (long k = 0; flooding.get(); k++) {
                    c.transmit(kinds[(int) (k % kinds.length)]);
                    frames.incrementAndGet();
                }
            } catch (Exception e) {
                // Closed by the server for flooding (or refused on the way back in): go again.
                reconnects.incrementAndGet();
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

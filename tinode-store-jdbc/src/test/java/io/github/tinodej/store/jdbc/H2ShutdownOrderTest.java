package io.github.tinodej.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.model.AccessMode;
import io.github.tinodej.model.DefaultAccess;
import io.github.tinodej.model.ObjectState;
import io.github.tinodej.model.User;
import io.github.tinodej.model.Uid;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopping on SIGTERM or System.exit still writes (last-seen times as sessions end) from
 * its own shutdown hook; H2's hook must not close the database under it.
 */
class H2ShutdownOrderTest {
    private static final Instant T0 = Instant.parse("2026-02-03T04:05:06Z");

    /** The child JVM: a store, and a shutdown hook that writes after H2's hook has had its chance. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(Path.of(args[0]))).build();
            store.open();
            long base = Long.parseLong(args[1]);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Hooks run concurrently: keep writing for a second, as a server ending thousands
                // of sessions does, so H2's hook (if it has one) closes the database mid-way.
                int n = 0;
                try {
                    long end = System.nanoTime() + 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        store.createUser(user(base + n));
                        n++;
                    }
                    System.out.println("wrote " + n);
                } catch (Exception e) {
                    e.printStackTrace();
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                } finally {
                    store.close();
                }
            }));
            System.exit(0);
        }
    }

    static User user(long uid) {
        return new User(new Uid(uid), T0, T0, ObjectState.OK, null,
                new DefaultAccess(AccessMode.parse("JRWPA"), AccessMode.NONE), "{\"fn\":\"late\"}", null, List.of(),
                null, null);
    }

    @Test
    void writesFromTheHostsShutdownHook_reachTheDatabase(@TempDir Path dir) throws Exception {
        long base = 77_001;
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), dir.toString(), Long.toString(base))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("wrote (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int n = Integer.parseInt(m.group(1));
        assertThat(n).isPositive();
        JdbcStore store = JdbcStore.builder().url(JdbcStore.h2File(dir)).build();
        store.open();
        try {
            for (int i = 0; i < n; i++) {
                assertThat(store.getUser(new Uid(base + i))).as("user %d of %d", i, n).isPresent();
            }
        } finally {
            store.close();
        }
    }
}

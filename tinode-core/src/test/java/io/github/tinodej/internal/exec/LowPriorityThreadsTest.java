package io.github.tinodej.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LowPriorityThreadsTest {

    /** Field 19 of /proc/thread-self/stat, after the parenthesised command name. */
    private static int ownNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]);
    }

    @Test
    void thread_lowersItsOwnPriorityBeforeRunningTheTask() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")),
                "needs renice");
        int before = ownNice();
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        Thread t = new LowPriorityThreads("test-hash", 7).newThread(() -> {
            try {
                nice.complete(ownNice());
            } catch (Exception e) {
                nice.completeExceptionally(e);
            }
        });
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("test-hash-1");
        t.start();
        // Nice values only go up without privilege, so a thread of a JVM already at 7 or more stays.
        assertThat(nice.get(30, TimeUnit.SECONDS)).isEqualTo(Math.max(before, 7));
        // The caller's own priority is untouched.
        assertThat(ownNice()).isEqualTo(before);
    }

    @Test
    void niceOutOfRange_rejected() {
        assertThatThrownBy(() -> new LowPriorityThreads("x", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LowPriorityThreads("x", 20)).isInstanceOf(IllegalArgumentException.class);
    }
}

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

    @Test
    void thread_lowersItsOwnPriorityBeforeRunningTheTask() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")),
                "needs renice");
        int before = LowPriorityThreads.ownNice();
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        Thread t = new LowPriorityThreads("test-hash", 7).newThread(() -> {
            try {
                nice.complete(LowPriorityThreads.ownNice());
            } catch (Exception e) {
                nice.completeExceptionally(e);
            }
        });
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("test-hash-1");
        t.start();
        // A thread of a JVM already at 7 or more stays where it is (even as root, who could lower it).
        assertThat(nice.get(30, TimeUnit.SECONDS)).isEqualTo(Math.max(before, 7));
        // The caller's own priority is untouched.
        assertThat(LowPriorityThreads.ownNice()).isEqualTo(before);
    }

    @Test
    void niceOutOfRange_rejected() {
        assertThatThrownBy(() -> new LowPriorityThreads("x", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LowPriorityThreads("x", 20)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.github.tinodej.internal.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads that lower their own scheduling priority (raise their Unix nice value) when they
 * start. Java thread priorities do nothing on Linux, so a password-hashing thread would otherwise
 * compete with message handling as an equal: on a busy core a login storm then multiplies the tail
 * latency of every message. With a nice value the kernel still gives hashing all the CPU nobody
 * else wants, but hands the core to message handling as soon as it is runnable.
 *
 * <p>Linux names a thread by its task id, which the JDK does not expose; it is read from
 * {@code /proc/thread-self} and passed to the system's {@code renice}. Raising one's own nice value
 * needs no privilege. Where either is missing (another OS, a container without util-linux) the
 * threads run at normal priority and one warning is logged. A thread already at that nice value or
 * above (a server started with {@code nice}) is left alone: as root, {@code renice} would otherwise
 * raise the hashing threads' priority above the rest of the server's.
 */
public final class LowPriorityThreads implements ThreadFactory {
    private static final System.Logger LOG = System.getLogger(LowPriorityThreads.class.getName());

    private final String prefix;
    private final int nice;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param prefix thread name prefix
     * @param nice the nice value the threads set for themselves, 1 to 19 (19 is the lowest priority)
     */
    public LowPriorityThreads(String prefix, int nice) {
        if (nice < 1 || nice > 19) {
            throw new IllegalArgumentException("nice must be 1..19: " + nice);
        }
        this.prefix = prefix;
        this.nice = nice;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(() -> {
            lowerOwnPriority();
            r.run();
        }, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private void lowerOwnPriority() {
        String why;
        try {
            String tid = ownTaskId();
            if (tid == null) {
                why = "no /proc/thread-self";
            } else if (ownNice() >= nice) {
                return;
            } else {
                Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return;
                }
                p.destroyForcibly();
                why = "renice failed: " + out.strip();
            }
        } catch (java.io.IOException e) {
            why = "cannot run renice: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (warned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "{0} threads run at normal priority ({1})", prefix, why);
        }
    }

    /** This thread's nice value: field 19 of {@code /proc/thread-self/stat}, after the command name. */
    static int ownNice() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]);
    }

    /** This thread's Linux task id, or null off Linux. */
    static String ownTaskId() throws java.io.IOException {
        Path self = Path.of("/proc/thread-self");
        if (!Files.exists(self)) {
            return null;
        }
        // The link reads "PID/task/TID".
        String link = Files.readSymbolicLink(self).toString();
        return link.substring(link.lastIndexOf('/') + 1);
    }
}

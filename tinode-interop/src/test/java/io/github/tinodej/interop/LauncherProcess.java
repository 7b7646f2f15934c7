package io.github.tinodej.interop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone server in a JVM of its own, as an operator runs it; killable with SIGKILL. */
final class LauncherProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private final Process process;
    private long terminated;
    final int port;

    LauncherProcess(Path data, Path config) throws Exception {
        this(data, config, "tinode.jar");
    }

    /** A launcher whose output lines are prefixed with {@code label} (several run at once). */
    LauncherProcess(Path data, Path config, String label) throws Exception {
        Path jar = Path.of("../tinode-examples/target/tinode.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build tinode-examples first: " + jar + " is missing");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--listen", "127.0.0.1:0", "--data", data.toString()));
        if (config != null) {
            cmd.addAll(List.of("--config", config.toString()));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[" + label + "] " + line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        bound.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                bound.completeExceptionally(e);
            }
            bound.completeExceptionally(new IllegalStateException("server exited before listening"));
        }, "tinode-jar-output");
        reader.setDaemon(true);
        reader.start();
        port = bound.get(60, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as an operator's {@code kill} or a systemd stop: the launcher's shutdown hook stops
     * the server. Returns at once; {@link #awaitExit()} measures how long the process takes.
     */
    void sigterm() {
        terminated = System.nanoTime();
        process.destroy();
    }

    /** Milliseconds from {@link #sigterm()} until the process was gone; fails after 30 s. */
    long awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("still running 30 s after SIGTERM");
        }
        return (System.nanoTime() - terminated) / 1_000_000;
    }

    /** The exit status once the process has ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

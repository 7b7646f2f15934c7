package io.github.tinodej.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the Node scenarios in {@code js/} and collects its output. */
final class NodeScript {
    /** Exit code and combined output of a finished script. */
    record Result(int exitCode, String output) {
    }

    private NodeScript() {
    }

    static Result run(String script, String... args) throws IOException, InterruptedException {
        Path js = Path.of("js").toAbsolutePath();
        if (!js.resolve("node_modules/tinode-sdk").toFile().isDirectory()) {
            throw new IllegalStateException("tinode-sdk is not installed in " + js
                    + ": run the build without -DskipTests (it runs 'npm ci'), with Node.js and npm on the PATH");
        }
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(js.toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[node " + script + "] " + line);
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish within 120 s");
        }
        reader.join(5000);
        synchronized (out) {
            return new Result(p.exitValue(), out.toString());
        }
    }
}

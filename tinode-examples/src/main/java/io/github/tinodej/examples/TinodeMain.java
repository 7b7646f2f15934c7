package io.github.tinodej.examples;

import io.github.tinodej.TinodeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone server ({@code java -jar tinode.jar}), with Tinode's flag names. Ctrl-C stops it
 * cleanly: the shutdown hook is the launcher's, never the library's.
 */
@Command(name = "tinode", mixinStandardHelpOptions = true, description = "Tinode-compatible chat server",
        versionProvider = TinodeMain.Version.class,
        subcommands = {UserCommand.class, TopicCommand.class, StatsCommand.class, InitDbCommand.class,
            UpgradeDbCommand.class, KeygenCommand.class})
public final class TinodeMain implements Callable<Integer> {
    @Option(names = {"--listen", "-listen"}, description = "host:port to listen on (default :6060)")
    String listen;

    @Option(names = {"--config", "-config"}, description = "tinode.conf (JSON with comments)")
    Path config;

    @Option(names = {"--static_data", "-static_data"}, description = "folder served at /")
    Path staticData;

    @Option(names = {"--data", "-data"}, description = "folder for the server's own state (default ./data)")
    Path data = Path.of("data");

    @Option(names = {"--expvar", "-expvar"}, description = "URL path of the counters page ('-' disables; default: config's 'expvar')")
    private String expvar;

    @Option(names = {"--grpc_listen", "-grpc_listen"}, description = "host:port for gRPC clients (default: config's 'grpc_listen'; none if blank)")
    private String grpcListen;

    @Option(names = {"--log_flags", "-log_flags"}, hidden = true, description = "accepted for compatibility; ignored")
    String logFlags;

    /** {@code --version}: the launcher's version and the Tinode protocol it speaks. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tinodej " + Banner.version() + " (Tinode protocol 0.25, server version 0.25), Java "
                    + Runtime.version()};
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TinodeMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TinodeServer server;
        try {
            server = Launcher.start(new Launcher.Options(listen, config, staticData, data, expvar, grpcListen));
        } catch (TinodeConfig.ConfigException | IllegalArgumentException e) {
            System.err.println("tinode: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Straight to stderr: java.util.logging resets its handlers in a shutdown hook of its
            // own that runs at the same time, so logged steps after the first were lost.
            System.err.println("tinode: shutdown: started (5 s grace)");
            server.stop(Duration.ofSeconds(5), step -> System.err.println("tinode: " + step));
            System.err.println("tinode: shutdown: done");
            stopped.countDown();
        }, "tinode-shutdown"));
        System.out.println("tinode: listening on port " + server.port() + " (Ctrl-C to stop)");
        stopped.await();
        return 0;
    }
}

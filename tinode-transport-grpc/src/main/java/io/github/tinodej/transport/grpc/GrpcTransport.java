package io.github.tinodej.transport.grpc;

import io.github.tinodej.transport.Transport;
import io.github.tinodej.transport.TransportContext;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;

/**
 * Tinode's gRPC API, service {@code pbx.Node}, for tn-cli, the chatbots and any client generated
 * from {@code model.proto} (shipped in this jar): a {@code MessageLoop} stream carries one session,
 * and the large-file methods upload to and download from the media store. Each {@code ClientMsg}
 * is turned into the JSON frame a WebSocket client would send and each server frame into a
 * {@code ServerMsg}, so both transports behave the same.
 *
 * <pre>{@code
 * TinodeServer server = TinodeServer.builder()
 *     .transport(GrpcTransport.builder().port(16060).build())
 *     .build().start();
 * }</pre>
 *
 * <p>As in Tinode: no API key is asked for; a {@code MessageLoop} message over the server's
 * {@code max_message_size} ends its stream with RESOURCE_EXHAUSTED (large-file chunks may reach
 * 4 MiB); keepalive ({@link Builder#keepalive}) pings an idle client every 60 s and drops it after
 * 20 s without an answer, and lets clients ping every second. Threads: gRPC's Netty event loops
 * and executor (daemon threads shared by gRPC in this JVM) convert and hand over; the large-file
 * methods block on that executor (authentication, media store). The server owns the lifecycle:
 * {@link #stop} ends every stream and closes the listener. Thread-safe.
 */
public final class GrpcTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(GrpcTransport.class.getName());
    /** Largest message gRPC reads at all: a large-file chunk of 4 MiB, or max_message_size if larger. */
    private static final int MAX_FILE_CHUNK = 4 * 1024 * 1024;

    private final String host;
    private final int port;
    private final boolean keepalive;
    private final ServerCredentials tls;
    private final Set<GrpcConnection> open = ConcurrentHashMap.newKeySet();
    private volatile Server server;

    private GrpcTransport(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.keepalive = b.keepalive;
        this.tls = b.tls;
    }

    /** A builder: all interfaces, port 16060 (Tinode's usual gRPC port), no keepalive, plaintext. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void start(TransportContext context) throws IOException {
        ServerCredentials creds = tls == null ? InsecureServerCredentials.create() : tls;
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        NettyServerBuilder b = NettyServerBuilder.forAddress(address, creds)
                // MessageLoop checks max_message_size itself (a clear RESOURCE_EXHAUSTED; grpc-java's own
                // limit just resets the stream); large-file chunks (tn-cli sends 1 MiB) may be bigger.
                .maxInboundMessageSize(Math.max(context.maxMessageSize(), MAX_FILE_CHUNK))
                .addService(ServerInterceptors.intercept(new NodeService(context, open), NodeService.peerInterceptor()));
        if (keepalive) {
            // Tinode's serveGrpc with grpc_keepalive_enabled.
            b.permitKeepAliveTime(1, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
                    .keepAliveTime(60, TimeUnit.SECONDS).keepAliveTimeout(20, TimeUnit.SECONDS);
        }
        server = b.build().start();
        LOG.log(System.Logger.Level.INFO, "gRPC{0} server listening at {1}:{2,number,#}",
                tls == null ? "" : " secure", host.isEmpty() ? "*" : host, server.getPort());
    }

    @Override
    public int port() {
        Server s = server;
        return s == null ? -1 : s.getPort();
    }

    /** Streams open now. */
    public int openStreams() {
        return open.size();
    }

    @Override
    public void stop(Duration grace) {
        Server s = server;
        if (s == null) {
            return;
        }
        server = null;
        // Ending each stream flushes what is queued; Tinode's Stop() just drops them.
        for (GrpcConnection c : open) {
            c.close();
        }
        s.shutdown();
        try {
            if (!s.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            s.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Settings of a {@link GrpcTransport}; setters validate at once. Not thread-safe. */
    public static final class Builder {
        private String host = "";
        private int port = 16060;
        private boolean keepalive;
        private ServerCredentials tls;

        private Builder() {
        }

        /** Interface to bind, empty for all (the default). */
        public Builder host(String h) {
            this.host = Objects.requireNonNull(h, "host");
            return this;
        }

        /** TCP port, 0 for any free one (see {@link GrpcTransport#port()}). */
        public Builder port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + p);
            }
            this.port = p;
            return this;
        }

        /**
         * Tinode's {@code grpc_listen}: {@code ":16060"}, {@code "16060"}, {@code "host:16060"} or
         * {@code "[::1]:16060"}.
         */
        public Builder listen(String address) {
            Objects.requireNonNull(address, "listen");
            String a = address.trim();
            int colon = a.lastIndexOf(':');
            String h = colon < 0 ? "" : a.substring(0, colon);
            String p = colon < 0 ? a : a.substring(colon + 1);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            try {
                port(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("grpc_listen needs host:port or :port: " + address, e);
            }
            return host(h);
        }

        /** Tinode's {@code grpc_keepalive_enabled}: server pings idle clients, clients may ping each second. */
        public Builder keepalive(boolean on) {
            this.keepalive = on;
            return this;
        }

        /**
         * Serves TLS with a PEM certificate chain and its unencrypted PEM private key in PKCS#8
         * ({@code BEGIN PRIVATE KEY}), Tinode's {@code tls.cert_file} and {@code tls.key_file}.
         * For PKCS#1 or EC keys use {@link #tls(KeyManager...)} with
         * {@code PemTls.keyManagers} of tinode-transport-undertow, as the launcher does.
         *
         * @throws IllegalArgumentException if a file is not readable or holds no usable PEM
         */
        public Builder tls(Path certFile, Path keyFile) {
            for (Path f : new Path[] {certFile, keyFile}) {
                if (f == null || !Files.isReadable(f)) {
                    throw new IllegalArgumentException("tls file not readable: " + f);
                }
            }
            try {
                this.tls = TlsServerCredentials.create(certFile.toFile(), keyFile.toFile());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("tls: " + certFile + ", " + keyFile + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** Serves TLS with the server certificate these key managers hold. */
        public Builder tls(KeyManager... keyManagers) {
            if (keyManagers == null || keyManagers.length == 0) {
                throw new IllegalArgumentException("tls needs at least one key manager");
            }
            this.tls = TlsServerCredentials.newBuilder().keyManager(keyManagers).build();
            return this;
        }

        /** Builds the transport; it binds when the server starts it. */
        public GrpcTransport build() {
            return new GrpcTransport(this);
        }
    }
}

package io.github.tinodej.examples;

import io.github.tinodej.transport.grpc.GrpcTransport;
import io.github.tinodej.transport.undertow.PemTls;
import java.nio.file.Path;

/**
 * Tinode's gRPC keys: {@code grpc_listen} (overridden by {@code --grpc_listen}; blank means no gRPC)
 * and {@code grpc_keepalive_enabled}. As in Tinode, an enabled {@code tls} section secures the gRPC
 * listener with the same certificate as HTTPS.
 */
final class GrpcSettings {
    private GrpcSettings() {
    }

    /**
     * The gRPC transport to add, or null when none is configured.
     *
     * @param flag {@code --grpc_listen}, or null to take the config's
     * @throws TinodeConfig.ConfigException for an address or TLS files that cannot be used
     */
    static GrpcTransport from(TinodeConfig cfg, String flag) {
        String listen = flag != null ? flag : cfg.string("grpc_listen");
        if (listen == null || listen.isBlank()) {
            return null;
        }
        GrpcTransport.Builder b = GrpcTransport.builder().keepalive(cfg.bool("grpc_keepalive_enabled", false));
        try {
            b.listen(listen);
        } catch (IllegalArgumentException e) {
            throw new TinodeConfig.ConfigException(e.getMessage());
        }
        if (cfg.bool("tls.enabled", false)) {
            // TlsSettings has already refused a TLS section without both files.
            try {
                b.tls(PemTls.keyManagers(Path.of(cfg.string("tls.cert_file")), Path.of(cfg.string("tls.key_file"))));
            } catch (IllegalArgumentException e) {
                throw new TinodeConfig.ConfigException(e.getMessage());
            }
        }
        return b.build();
    }
}

package io.github.tinodej.examples;

import com.google.gson.JsonElement;
import io.github.tinodej.TinodeServer;
import io.github.tinodej.transport.grpc.GrpcPlugin;
import java.util.ArrayList;
import java.util.List;

/**
 * Tinode's {@code plugins} array: each enabled entry becomes a {@link GrpcPlugin} talking to the
 * plugin server at its {@code service_addr}, consulted in file order, with its {@code timeout}
 * (microseconds), {@code filters} and {@code failure_code}/{@code failure_text}. The server closes
 * the connections when it stops.
 */
final class PluginSettings {
    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());

    private PluginSettings() {
    }

    /**
     * Registers the configured plugins with {@code b}.
     *
     * @throws TinodeConfig.ConfigException for a malformed entry, a bad address or a duplicate name
     */
    static void apply(TinodeConfig cfg, TinodeServer.Builder b) {
        JsonElement plugins = cfg.element("plugins");
        if (plugins == null || plugins.isJsonNull()) {
            return;
        }
        List<GrpcPlugin> active;
        try {
            active = GrpcPlugin.listFromJson(plugins.toString());
        } catch (IllegalArgumentException e) {
            throw new TinodeConfig.ConfigException(e.getMessage());
        }
        List<String> names = new ArrayList<>();
        for (GrpcPlugin p : active) {
            b.plugin(p).closeOnStop(p);
            names.add(p.name() + "(" + p.config().serviceAddr() + ")");
        }
        if (!names.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "plugins: active ''{0}''", String.join("', '", names));
        }
    }
}
